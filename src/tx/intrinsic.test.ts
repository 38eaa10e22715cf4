import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fork } from "../forks.js";
import { intrinsicGas, MAX_INITCODE_SIZE } from "./intrinsic.js";
import type { Transaction } from "./types.js";

type Gassy = Pick<Transaction, "to" | "data" | "accessList">;
const call = (data: number[] = [], accessList: Transaction["accessList"] = []): Gassy => ({
  to: 0x1234n,
  data: Uint8Array.from(data),
  accessList,
});
const create = (data: Uint8Array): Gassy => ({ to: undefined, data, accessList: [] });

describe("intrinsicGas", () => {
  it("charges 21000 for a plain transfer in every fork", () => {
    for (let f = Fork.Frontier; f <= Fork.Cancun; f++) assert.equal(intrinsicGas(call(), f), 21000n);
  });

  it("charges 53000 for creation from Homestead on (EIP-2), 21000 in Frontier", () => {
    const empty = create(new Uint8Array(0));
    assert.equal(intrinsicGas(empty, Fork.Frontier), 21000n);
    assert.equal(intrinsicGas(empty, Fork.Homestead), 53000n);
    assert.equal(intrinsicGas(empty, Fork.Cancun), 53000n);
  });

  it("prices calldata 4 / 68, then 4 / 16 from Istanbul (EIP-2028)", () => {
    const tx = call([0, 1, 0xff, 0]);
    assert.equal(intrinsicGas(tx, Fork.Petersburg), 21000n + 2n * 4n + 2n * 68n);
    assert.equal(intrinsicGas(tx, Fork.Istanbul), 21000n + 2n * 4n + 2n * 16n);
  });

  it("charges 2400 per access-list address and 1900 per key from Berlin", () => {
    const tx = call(
      [],
      [
        { address: 1n, storageKeys: [1n, 2n] },
        { address: 2n, storageKeys: [3n] },
      ],
    );
    assert.equal(intrinsicGas(tx, Fork.Berlin), 21000n + 2n * 2400n + 3n * 1900n);
    assert.equal(intrinsicGas(tx, Fork.Istanbul), 21000n);
  });

  it("charges 2 per initcode word for creations from Shanghai (EIP-3860)", () => {
    const initcode = new Uint8Array(33).fill(1);
    assert.equal(intrinsicGas(create(initcode), Fork.Paris), 53000n + 33n * 16n);
    assert.equal(intrinsicGas(create(initcode), Fork.Shanghai), 53000n + 33n * 16n + 2n * 2n);
    assert.equal(intrinsicGas({ ...call(), data: initcode }, Fork.Shanghai), 21000n + 33n * 16n);
    const max = new Uint8Array(MAX_INITCODE_SIZE);
    assert.equal(intrinsicGas(create(max), Fork.Cancun), 53000n + 49152n * 4n + 1536n * 2n);
    assert.equal(MAX_INITCODE_SIZE, 49152);
  });
});
