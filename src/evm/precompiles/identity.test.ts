import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fork } from "../../forks.js";
import { bytesToHex, hexToBytes } from "../../primitives/hex.js";
import { identity } from "./identity.js";
import { ripemd160 } from "./ripemd160.js";
import { sha256 } from "./sha256.js";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("identity (0x04)", () => {
  it("returns a copy of its input", () => {
    const input = hexToBytes("0x0102030405");
    const r = identity(input, 100n, Fork.Frontier);
    assert.equal(r.success, true);
    assert.equal(bytesToHex(r.output), "0x0102030405");
    assert.notEqual(r.output, input);
    assert.equal(r.gasUsed, 18n);
  });
  it("prices 15 + 3 per word, failing below", () => {
    assert.equal(identity(new Uint8Array(0), 15n, Fork.Cancun).gasUsed, 15n);
    assert.equal(identity(new Uint8Array(0), 14n, Fork.Cancun).success, false);
    assert.equal(identity(new Uint8Array(33), 21n, Fork.Cancun).success, true);
    assert.equal(identity(new Uint8Array(33), 20n, Fork.Cancun).success, false);
  });
});

describe("sha256 (0x02)", () => {
  it("hashes known vectors", () => {
    assert.equal(
      bytesToHex(sha256(new Uint8Array(0), 60n, Fork.Frontier).output),
      "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    assert.equal(
      bytesToHex(sha256(ascii("abc"), 72n, Fork.Frontier).output),
      "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
  it("prices 60 + 12 per word, failing below", () => {
    const input = new Uint8Array(64);
    assert.equal(sha256(input, 84n, Fork.Cancun).success, true);
    assert.equal(sha256(input, 84n, Fork.Cancun).gasUsed, 84n);
    assert.equal(sha256(input, 83n, Fork.Cancun).success, false);
  });
});

describe("ripemd160 (0x03)", () => {
  it("hashes known vectors, left-padded to 32 bytes", () => {
    assert.equal(
      bytesToHex(ripemd160(new Uint8Array(0), 600n, Fork.Frontier).output),
      "0x0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31",
    );
    assert.equal(
      bytesToHex(ripemd160(ascii("abc"), 720n, Fork.Frontier).output),
      "0x0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
    );
  });
  it("prices 600 + 120 per word, failing below", () => {
    const input = new Uint8Array(65);
    assert.equal(ripemd160(input, 960n, Fork.Cancun).gasUsed, 960n);
    assert.equal(ripemd160(input, 959n, Fork.Cancun).success, false);
  });
});
