import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { Fork } from "../../forks.js";
import { bytesToHex } from "../../primitives/hex.js";
import { sha256 } from "./sha256.js";

describe("sha256 (0x02)", () => {
  it("matches the reference implementation for sizes around block boundaries and on views", () => {
    const buf = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 131 + 7) & 0xff);
    for (const size of [0, 1, 31, 32, 33, 55, 56, 63, 64, 65, 128, 1000, 65_536]) {
      const input = buf.subarray(3, 3 + size);
      const r = sha256(input, 10n ** 9n, Fork.Cancun);
      assert.equal(r.success, true);
      assert.equal(r.output.constructor, Uint8Array);
      assert.equal(bytesToHex(r.output), bytesToHex(nobleSha256(input)));
      assert.equal(r.gasUsed, 60n + 12n * BigInt(Math.ceil(size / 32)));
    }
  });

  it("known vector and out-of-gas", () => {
    const abc = Uint8Array.of(0x61, 0x62, 0x63);
    assert.equal(
      bytesToHex(sha256(abc, 72n, Fork.Cancun).output),
      "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    assert.equal(sha256(abc, 71n, Fork.Cancun).success, false);
  });
});
