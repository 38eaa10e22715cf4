import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ripemd160 as nobleRipemd160 } from "@noble/hashes/legacy.js";
import { Fork } from "../../forks.js";
import { bytesToHex } from "../../primitives/hex.js";
import { ripemd160 } from "./ripemd160.js";

describe("ripemd160 (0x03)", () => {
  it("matches the reference implementation, left-padded to 32 bytes", () => {
    const buf = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 131 + 7) & 0xff);
    for (const size of [0, 1, 31, 32, 33, 55, 56, 63, 64, 65, 128, 1000, 65_536]) {
      const input = buf.subarray(5, 5 + size);
      const r = ripemd160(input, 10n ** 9n, Fork.Cancun);
      assert.equal(r.success, true);
      assert.equal(r.output.length, 32);
      assert.equal(bytesToHex(r.output.subarray(0, 12)), `0x${"00".repeat(12)}`);
      assert.equal(bytesToHex(r.output.subarray(12)), bytesToHex(nobleRipemd160(input)));
      assert.equal(r.gasUsed, 600n + 120n * BigInt(Math.ceil(size / 32)));
    }
  });

  it("known vector and out-of-gas", () => {
    const abc = Uint8Array.of(0x61, 0x62, 0x63);
    assert.equal(
      bytesToHex(ripemd160(abc, 720n, Fork.Cancun).output),
      `0x${"00".repeat(12)}8eb208f7e05d987a9b044a8e98c6b087f15a0bfc`,
    );
    assert.equal(ripemd160(abc, 719n, Fork.Cancun).success, false);
  });
});
