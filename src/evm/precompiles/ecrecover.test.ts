import assert from "node:assert/strict";
import { describe, it } from "node:test";
import secp256k1 from "secp256k1";
import { Fork } from "../../forks.js";
import { bigIntToBytes, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { ecrecover, ecrecoverBackend } from "./ecrecover.js";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const word = (v: bigint) => bigIntToBytes(v, 32);

function sign(privateKey: Uint8Array, hash: Uint8Array) {
  const { signature, recid } = secp256k1.ecdsaSign(hash, privateKey);
  return { r: bytesToBigInt(signature.subarray(0, 32)), s: bytesToBigInt(signature.subarray(32)), recid };
}

function addressOf(privateKey: Uint8Array): string {
  const pub = secp256k1.publicKeyCreate(privateKey, false);
  return bytesToHex(concatBytes(new Uint8Array(12), keccak256(pub.subarray(1)).subarray(12)));
}

const input = (hash: Uint8Array, v: bigint, r: bigint, s: bigint) => concatBytes(hash, word(v), word(r), word(s));

describe("ecrecover (0x01)", () => {
  const key = keccak256(new TextEncoder().encode("parevm test key"));
  const hash = keccak256(new TextEncoder().encode("hello"));

  it("runs on the native libsecp256k1 binding", () => {
    assert.equal(ecrecoverBackend, "native");
  });

  it("recovers the signer of a signature it made", () => {
    const { r, s, recid } = sign(key, hash);
    const res = ecrecover(input(hash, 27n + BigInt(recid), r, s), 3000n, Fork.Frontier);
    assert.equal(res.success, true);
    assert.equal(res.gasUsed, 3000n);
    assert.equal(bytesToHex(res.output), addressOf(key));
  });

  it("recovers the well-known address of private key 1", () => {
    const one = word(1n);
    const { r, s, recid } = sign(one, hash);
    const res = ecrecover(input(hash, 27n + BigInt(recid), r, s), 3000n, Fork.Cancun);
    assert.equal(bytesToHex(res.output), "0x0000000000000000000000007e5f4552091a69125d5dfcb7b8c2659029395bdf");
  });

  it("accepts high s (no EIP-2 rule for the precompile)", () => {
    const { r, s, recid } = sign(key, hash);
    const res = ecrecover(input(hash, 27n + BigInt(recid ^ 1), r, N - s), 3000n, Fork.Cancun);
    assert.equal(bytesToHex(res.output), addressOf(key));
  });

  it("gives empty output for bad v, r or s", () => {
    const { r, s, recid } = sign(key, hash);
    const v = 27n + BigInt(recid);
    const cases = [
      input(hash, 29n, r, s),
      input(hash, 0n, r, s),
      input(hash, v + (1n << 8n), r, s), // v not exactly 27/28 as a word
      input(hash, v, 0n, s),
      input(hash, v, r, 0n),
      input(hash, v, N, s),
      input(hash, v, r, N),
      input(hash, v, (1n << 256n) - 1n, s),
      new Uint8Array(0),
    ];
    for (const c of cases) {
      const res = ecrecover(c, 3000n, Fork.Cancun);
      assert.equal(res.success, true);
      assert.equal(res.gasUsed, 3000n);
      assert.equal(res.output.length, 0);
    }
  });

  it("zero-pads short input and ignores bytes past 128", () => {
    const { r, s, recid } = sign(key, hash);
    const full = input(hash, 27n + BigInt(recid), r, s);
    const long = concatBytes(full, hexToBytes("0xdeadbeef"));
    assert.equal(bytesToHex(ecrecover(long, 3000n, Fork.Cancun).output), addressOf(key));
    // a short input reads as if zero-padded to 128 bytes
    const padded = full.slice();
    padded[127] = 0;
    const trimmed = ecrecover(full.subarray(0, 127), 3000n, Fork.Cancun);
    assert.equal(trimmed.success, true);
    assert.equal(bytesToHex(trimmed.output), bytesToHex(ecrecover(padded, 3000n, Fork.Cancun).output));
  });

  it("fails below 3000 gas", () => {
    const { r, s, recid } = sign(key, hash);
    assert.equal(ecrecover(input(hash, 27n + BigInt(recid), r, s), 2999n, Fork.Cancun).success, false);
  });
});
