import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fork } from "../../forks.js";
import { bigIntToBytes, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from "../../primitives/hex.js";
import { modexp, modexpGas, modPow } from "./modexp.js";

const word = (v: bigint) => bigIntToBytes(v, 32);
const header = (b: bigint, e: bigint, m: bigint) => concatBytes(word(b), word(e), word(m));
const BIG = 10n ** 15n;

// EIP-198 example 1: 3 ** (p - 1) mod p = 1 for the secp256k1 field prime p (Fermat).
const EIP198_EXAMPLE_1 = hexToBytes(
  "0x" +
    "0000000000000000000000000000000000000000000000000000000000000001" +
    "0000000000000000000000000000000000000000000000000000000000000020" +
    "0000000000000000000000000000000000000000000000000000000000000020" +
    "03" +
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e" +
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
);
// EIP-198 example 2: base length 0 (base 0), modulus 0: the result is 32 zero bytes.
const EIP198_EXAMPLE_2 = hexToBytes(
  "0x" +
    "0000000000000000000000000000000000000000000000000000000000000000" +
    "0000000000000000000000000000000000000000000000000000000000000020" +
    "0000000000000000000000000000000000000000000000000000000000000020" +
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e" +
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
);

function naivePow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n % m;
  let x = b % m;
  let k = e;
  while (k > 0n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
    k >>= 1n;
  }
  return r;
}

describe("modexp (0x05)", () => {
  it("EIP-198 example 1: result and gas under EIP-198 and EIP-2565", () => {
    const byz = modexp(EIP198_EXAMPLE_1, BIG, Fork.Byzantium);
    assert.equal(byz.success, true);
    assert.equal(bytesToBigInt(byz.output), 1n);
    assert.equal(byz.output.length, 32);
    assert.equal(byz.gasUsed, 13056n); // 32^2 * 255 / 20
    const berlin = modexp(EIP198_EXAMPLE_1, BIG, Fork.Berlin);
    assert.equal(berlin.gasUsed, 1360n); // 4^2 * 255 / 3
    assert.equal(bytesToBigInt(berlin.output), 1n);
  });

  it("EIP-198 example 2: modulus 0 gives zeros of the modulus length", () => {
    const r = modexp(EIP198_EXAMPLE_2, BIG, Fork.Berlin);
    assert.equal(r.success, true);
    assert.equal(bytesToHex(r.output), bytesToHex(new Uint8Array(32)));
    assert.equal(r.gasUsed, 1360n);
    assert.equal(modexp(EIP198_EXAMPLE_2, BIG, Fork.Byzantium).gasUsed, 13056n);
  });

  it("fails exactly when gas is short", () => {
    assert.equal(modexp(EIP198_EXAMPLE_1, 13056n, Fork.Byzantium).success, true);
    assert.equal(modexp(EIP198_EXAMPLE_1, 13055n, Fork.Byzantium).success, false);
    assert.equal(modexp(EIP198_EXAMPLE_1, 1360n, Fork.Berlin).success, true);
    assert.equal(modexp(EIP198_EXAMPLE_1, 1359n, Fork.Berlin).success, false);
    // Berlin minimum of 200
    const tiny = concatBytes(header(1n, 1n, 1n), hexToBytes("0x020305"));
    assert.equal(modexp(tiny, 200n, Fork.Berlin).gasUsed, 200n);
    assert.equal(modexp(tiny, 199n, Fork.Berlin).success, false);
    assert.equal(bytesToHex(modexp(tiny, 200n, Fork.Berlin).output), "0x03"); // 2^3 mod 5
  });

  it("empty input and base/mod length 0 give empty output", () => {
    const empty = modexp(new Uint8Array(0), BIG, Fork.Berlin);
    assert.equal(empty.success, true);
    assert.equal(empty.output.length, 0);
    assert.equal(empty.gasUsed, 200n);
    assert.equal(modexp(new Uint8Array(0), 0n, Fork.Byzantium).gasUsed, 0n);
    // a huge exponent length costs nothing when base and modulus are empty (complexity 0)
    const hugeExp = header(0n, (1n << 256n) - 1n, 0n);
    assert.equal(modexp(hugeExp, 0n, Fork.Byzantium).success, true);
    assert.equal(modexp(hugeExp, 200n, Fork.Berlin).output.length, 0);
  });

  it("prices absurd declared lengths without allocating, and fails", () => {
    const max = (1n << 256n) - 1n;
    for (const h of [header(max, 1n, 1n), header(1n, 1n, max), header(1n, max, 1n), header(1n << 40n, 0n, 1n)]) {
      assert.equal(modexp(h, BIG, Fork.Berlin).success, false);
      assert.equal(modexp(h, BIG, Fork.Byzantium).success, false);
    }
    assert.ok(modexpGas(max, max, max, max, Fork.Berlin) > 1n << 500n);
  });

  it("zero-pads input shorter than declared (on the right)", () => {
    // base = 0x02, exp = 0x03 declared 2 bytes but only 1 present -> exp = 0x0300, modulus missing -> 0
    const noMod = concatBytes(header(1n, 2n, 1n), hexToBytes("0x0203"));
    const r = modexp(noMod, BIG, Fork.Berlin);
    assert.equal(r.success, true);
    assert.equal(bytesToHex(r.output), "0x00");
    // base 0x02, exponent 0x0300, modulus declared 2 bytes but only 0x07 present -> 0x0700
    const withMod = concatBytes(header(1n, 2n, 2n), hexToBytes("0x02030007"));
    assert.equal(bytesToBigInt(modexp(withMod, BIG, Fork.Berlin).output), naivePow(2n, 0x300n, 0x700n));
    // modulus declared 2 bytes, only first present: 0x07 -> 0x0700
    const cutMod = concatBytes(header(1n, 1n, 2n), hexToBytes("0x030507"));
    const out = modexp(cutMod, BIG, Fork.Berlin).output;
    assert.equal(out.length, 2);
    assert.equal(bytesToBigInt(out), naivePow(3n, 5n, 0x700n));
    // exponent cut off mid-way and modulus past the end: modulus 0 -> zero output
    const cutExp = concatBytes(header(1n, 3n, 1n), hexToBytes("0x0205"));
    assert.equal(bytesToHex(modexp(cutExp, BIG, Fork.Berlin).output), "0x00");
    // exponent declared 40 bytes, 1 present: the 39 missing bytes are 312 zero bits
    const longExp = concatBytes(header(1n, 40n, 0n), hexToBytes("0x0305"));
    assert.equal(modexp(longExp, BIG, Fork.Berlin).output.length, 0);
    // all three present
    const exact = concatBytes(header(1n, 2n, 1n), hexToBytes("0x03" + "0500" + "0b"));
    assert.equal(bytesToBigInt(modexp(exact, BIG, Fork.Berlin).output), naivePow(3n, 0x500n, 11n));
  });

  it("handles exponent zero, modulus one, base zero", () => {
    const run = (b: number, e: number, m: number) =>
      bytesToHex(modexp(concatBytes(header(1n, 1n, 1n), Uint8Array.of(b, e, m)), BIG, Fork.Berlin).output);
    assert.equal(run(5, 0, 7), "0x01");
    assert.equal(run(0, 0, 7), "0x01");
    assert.equal(run(0, 5, 7), "0x00");
    assert.equal(run(5, 5, 1), "0x00");
    assert.equal(run(5, 0, 1), "0x00");
    assert.equal(run(5, 5, 0), "0x00");
  });

  it("gas follows EIP-2565 for long exponents (8 * (len - 32) + head bits - 1)", () => {
    // base/mod length 64 (8 words -> complexity 64); exponent 40 bytes with head 0x01 followed by zeros
    const expBytes = new Uint8Array(40);
    expBytes[0] = 1;
    const input = concatBytes(header(64n, 40n, 64n), new Uint8Array(64), expBytes, new Uint8Array(64));
    // head = first 32 bytes = 2^248 -> bit length 249 -> 248; + 8 * 8 = 312 iterations
    assert.equal(modexp(input, BIG, Fork.Berlin).gasUsed, (64n * 312n) / 3n);
    // EIP-198: complexity 64^2 = 4096, same iteration count
    assert.equal(modexp(input, BIG, Fork.Byzantium).gasUsed, (4096n * 312n) / 20n);
  });

  it("EIP-198 complexity tiers above 64 and 1024 bytes", () => {
    const g = (len: bigint) => modexpGas(len, 1n, len, 3n, Fork.Byzantium); // iterations 1
    assert.equal(g(64n), 4096n / 20n);
    assert.equal(g(100n), (10000n / 4n + 9600n - 3072n) / 20n);
    assert.equal(g(2000n), (4000000n / 16n + 960000n - 199680n) / 20n);
  });

  it("agrees with a naive modpow on random operands up to 512 bytes", () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    for (const len of [1, 7, 31, 32, 33, 64, 100, 256, 512]) {
      const bytes = (n: number) => Uint8Array.from({ length: n }, rnd);
      const b = bytes(len);
      const e = bytes(len > 64 ? 16 : len);
      const m = bytes(len);
      const input = concatBytes(header(BigInt(len), BigInt(e.length), BigInt(len)), b, e, m);
      const r = modexp(input, BIG, Fork.Cancun);
      assert.equal(r.success, true);
      const mv = bytesToBigInt(m);
      const expected = mv === 0n ? 0n : naivePow(bytesToBigInt(b), bytesToBigInt(e), mv);
      assert.equal(bytesToBigInt(r.output), expected, `len ${len}`);
      assert.equal(r.output.length, len);
    }
  });

  it("modPow matches naive exponentiation across window sizes", () => {
    const m = (1n << 521n) - 1n;
    for (const e of [1n, 2n, 3n, 0xffn, 0x10001n, (1n << 300n) + 12345n, (1n << 1000n) - 1n]) {
      assert.equal(modPow(0x1234567890abcdefn, e, m), naivePow(0x1234567890abcdefn, e, m));
    }
  });

  it("a full 512-byte base, exponent and modulus runs in well under a second", () => {
    const fill = (n: number, k: number) => Uint8Array.from({ length: n }, (_, i) => (i * k + 11 * k) & 0xff);
    const b = fill(512, 37);
    const e = fill(512, 101);
    const m = fill(512, 59);
    e[0] = 0xff;
    m[0] = 0xff;
    m[511] |= 1;
    const input = concatBytes(header(512n, 512n, 512n), b, e, m);
    const r = modexp(input, BIG, Fork.Cancun);
    assert.equal(r.success, true);
    assert.equal(bytesToBigInt(r.output), naivePow(bytesToBigInt(b), bytesToBigInt(e), bytesToBigInt(m)));
  });
});
