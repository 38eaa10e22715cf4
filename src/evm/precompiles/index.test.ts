import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fork } from "../../forks.js";
import {
  blake2f,
  bn254Pairing,
  ecrecover,
  identity,
  maxPrecompileAddress,
  modexp,
  pointEvaluation,
  precompilesFor,
} from "./index.js";

describe("precompilesFor", () => {
  it("activates addresses by fork", () => {
    const expected: [Fork, number][] = [
      [Fork.Frontier, 4],
      [Fork.Homestead, 4],
      [Fork.TangerineWhistle, 4],
      [Fork.SpuriousDragon, 4],
      [Fork.Byzantium, 8],
      [Fork.Constantinople, 8],
      [Fork.Petersburg, 8],
      [Fork.Istanbul, 9],
      [Fork.Berlin, 9],
      [Fork.London, 9],
      [Fork.Paris, 9],
      [Fork.Shanghai, 9],
      [Fork.Cancun, 10],
    ];
    for (const [fork, max] of expected) {
      const table = precompilesFor(fork);
      assert.equal(maxPrecompileAddress(fork), max, Fork[fork]);
      assert.equal(table.length, max + 1, Fork[fork]);
      assert.equal(table[0], undefined);
      for (let i = 1; i <= max; i++) assert.equal(typeof table[i], "function", `${Fork[fork]} ${i}`);
      assert.equal(table[max + 1], undefined);
    }
  });

  it("puts each contract at its address", () => {
    const t = precompilesFor(Fork.Cancun);
    assert.equal(t[1], ecrecover);
    assert.equal(t[4], identity);
    assert.equal(t[5], modexp);
    assert.equal(t[8], bn254Pairing);
    assert.equal(t[9], blake2f);
    assert.equal(t[10], pointEvaluation);
  });

  it("builds each table once and freezes it", () => {
    assert.equal(precompilesFor(Fork.London), precompilesFor(Fork.London));
    assert.ok(Object.isFrozen(precompilesFor(Fork.London)));
  });
});
