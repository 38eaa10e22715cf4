import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  byteAt,
  exp,
  fromSigned,
  MAX_U256,
  SIGN_BIT,
  sar,
  sdiv,
  shl,
  shr,
  signExtend,
  slt,
  smod,
  toSigned,
} from "./word.js";

const MAX = MAX_U256;
/** -2^255, the most negative word. */
const MIN = SIGN_BIT;
/** 2^255 - 1, the most positive word. */
const MAX_POS = SIGN_BIT - 1n;
const NEG1 = MAX;
/** The two's-complement word of -x, for 0 < x <= 2^255. */
const neg = (x: bigint): bigint => (1n << 256n) - x;

describe("toSigned / fromSigned", () => {
  it("split at 2^255", () => {
    assert.equal(toSigned(MAX_POS), MAX_POS);
    assert.equal(toSigned(MIN), -(1n << 255n));
    assert.equal(toSigned(NEG1), -1n);
    assert.equal(toSigned(0n), 0n);
    assert.equal(fromSigned(-1n), MAX);
    assert.equal(fromSigned(-(1n << 255n)), MIN);
    assert.equal(fromSigned(0n), 0n);
  });
});

describe("sdiv", () => {
  it("-2^255 / -1 overflows back to -2^255", () => {
    assert.equal(sdiv(MIN, NEG1), MIN);
  });
  it("division by zero is zero", () => {
    assert.equal(sdiv(7n, 0n), 0n);
    assert.equal(sdiv(MIN, 0n), 0n);
    assert.equal(sdiv(NEG1, 0n), 0n);
    assert.equal(sdiv(0n, 0n), 0n);
  });
  it("truncates toward zero for every sign combination", () => {
    assert.equal(sdiv(7n, 2n), 3n);
    assert.equal(sdiv(neg(7n), 2n), neg(3n));
    assert.equal(sdiv(7n, neg(2n)), neg(3n));
    assert.equal(sdiv(neg(7n), neg(2n)), 3n);
  });
  it("handles the extremes without leaving the word range", () => {
    assert.equal(sdiv(MIN, 1n), MIN);
    assert.equal(sdiv(MAX_POS, NEG1), neg(MAX_POS));
    assert.equal(sdiv(MIN, MIN), 1n);
    assert.equal(sdiv(MAX_POS, MIN), 0n);
    assert.equal(sdiv(0n, NEG1), 0n);
    assert.equal(sdiv(MIN, 2n), neg(1n << 254n));
  });
});

describe("smod", () => {
  it("x mod 0 is zero", () => {
    assert.equal(smod(7n, 0n), 0n);
    assert.equal(smod(NEG1, 0n), 0n);
    assert.equal(smod(MIN, 0n), 0n);
  });
  it("takes the sign of the dividend", () => {
    assert.equal(smod(7n, 2n), 1n);
    assert.equal(smod(neg(7n), 2n), neg(1n));
    assert.equal(smod(7n, neg(2n)), 1n);
    assert.equal(smod(neg(7n), neg(2n)), neg(1n));
    assert.equal(smod(neg(8n), 3n), neg(2n));
  });
  it("at -2^255", () => {
    assert.equal(smod(MIN, NEG1), 0n);
    // 2^255 = 2·4^127 ≡ 2 (mod 3), so -2^255 mod 3 = -2.
    assert.equal(smod(MIN, 3n), neg(2n));
    assert.equal(smod(MIN, MIN), 0n);
    assert.equal(smod(MAX_POS, MIN), MAX_POS);
  });
  it("an exact multiple gives zero, never a negative zero word", () => {
    assert.equal(smod(neg(6n), 3n), 0n);
  });
});

describe("slt", () => {
  it("orders across the sign bit", () => {
    assert.equal(slt(MIN, 0n), true);
    assert.equal(slt(0n, MIN), false);
    assert.equal(slt(NEG1, 0n), true);
    assert.equal(slt(0n, NEG1), false);
    assert.equal(slt(MAX_POS, MIN), false);
    assert.equal(slt(MIN, MAX_POS), true);
    assert.equal(slt(MIN, NEG1), true);
    assert.equal(slt(NEG1, MIN), false);
  });
  it("is strict", () => {
    assert.equal(slt(MIN, MIN), false);
    assert.equal(slt(0n, 0n), false);
    assert.equal(slt(NEG1, NEG1), false);
  });
});

describe("exp", () => {
  it("0^0 is 1", () => {
    assert.equal(exp(0n, 0n), 1n);
  });
  it("zero and one bases", () => {
    assert.equal(exp(0n, 1n), 0n);
    assert.equal(exp(0n, MAX), 0n);
    assert.equal(exp(1n, MAX), 1n);
    assert.equal(exp(MAX, 0n), 1n);
  });
  it("wraps at 2^256", () => {
    assert.equal(exp(2n, 255n), 1n << 255n);
    assert.equal(exp(2n, 256n), 0n);
    assert.equal(exp(2n, 257n), 0n);
    assert.equal(exp(256n, 31n), 1n << 248n);
    assert.equal(exp(256n, 32n), 0n);
    assert.equal(exp(1n << 128n, 2n), 0n);
    assert.equal(exp((1n << 128n) + 1n, 2n), (1n << 129n) + 1n);
  });
  it("(-1)^n alternates", () => {
    assert.equal(exp(MAX, 2n), 1n);
    assert.equal(exp(MAX, 3n), MAX);
    assert.equal(exp(MAX, MAX), MAX);
    assert.equal(exp(MAX, MAX - 1n), 1n);
  });
  it("3^n for a small n is exact", () => {
    assert.equal(exp(3n, 5n), 243n);
    assert.equal(exp(10n, 77n), 10n ** 77n);
    // 10^78 > 2^256: the wrapped value.
    assert.equal(exp(10n, 78n), 10n ** 78n % (1n << 256n));
  });
});

describe("signExtend", () => {
  it("byte index 0 extends bit 7", () => {
    assert.equal(signExtend(0n, 0xffn), MAX);
    assert.equal(signExtend(0n, 0x80n), MAX - 0x7fn);
    assert.equal(signExtend(0n, 0x7fn), 0x7fn);
    assert.equal(signExtend(0n, 0n), 0n);
  });
  it("byte index 0 ignores and clears everything above the low byte", () => {
    assert.equal(signExtend(0n, 0x17fn), 0x7fn);
    assert.equal(signExtend(0n, MAX - 0x80n), 0x7fn);
    assert.equal(signExtend(0n, 0x1ffn), MAX);
  });
  it("byte index 30 extends bit 247", () => {
    const bit247 = 1n << 247n;
    assert.equal(signExtend(30n, bit247), (0xffn << 248n) | bit247);
    // Bit 247 clear: the top byte is cleared even though bit 255 was set.
    assert.equal(signExtend(30n, MIN | (0x7fn << 240n)), 0x7fn << 240n);
  });
  it("byte index 31 and above leave the word as it is", () => {
    for (const index of [31n, 32n, 255n, 1n << 64n, MAX]) {
      assert.equal(signExtend(index, MIN | 1n), MIN | 1n, `index ${index}`);
      assert.equal(signExtend(index, 0x80n), 0x80n, `index ${index}`);
      assert.equal(signExtend(index, MAX_POS), MAX_POS, `index ${index}`);
    }
  });
});

describe("byteAt", () => {
  const v = (0xabn << 248n) | (0x12n << 8n) | 0xcdn;
  it("index 0 is the most significant byte, 31 the least", () => {
    assert.equal(byteAt(0n, v), 0xabn);
    assert.equal(byteAt(30n, v), 0x12n);
    assert.equal(byteAt(31n, v), 0xcdn);
    assert.equal(byteAt(1n, v), 0n);
  });
  it("index 32 and above give zero", () => {
    assert.equal(byteAt(32n, MAX), 0n);
    assert.equal(byteAt(33n, MAX), 0n);
    assert.equal(byteAt(1n << 64n, MAX), 0n);
    assert.equal(byteAt(MAX, MAX), 0n);
  });
});

describe("shl / shr", () => {
  it("shift by 255 keeps one bit", () => {
    assert.equal(shl(255n, 1n), MIN);
    assert.equal(shl(255n, MAX), MIN);
    assert.equal(shr(255n, MIN), 1n);
    assert.equal(shr(255n, MAX), 1n);
  });
  it("shift by 256 or more gives zero", () => {
    for (const sh of [256n, 257n, 1n << 255n, MAX]) {
      assert.equal(shl(sh, MAX), 0n, `shl ${sh}`);
      assert.equal(shr(sh, MAX), 0n, `shr ${sh}`);
    }
  });
  it("bits shifted out of the word are lost", () => {
    assert.equal(shl(1n, MAX), MAX - 1n);
    assert.equal(shl(1n, MIN), 0n);
    assert.equal(shl(4n, 0xfn << 252n), 0n);
    assert.equal(shr(1n, 1n), 0n);
  });
  it("shift by 0 is the identity", () => {
    assert.equal(shl(0n, MAX), MAX);
    assert.equal(shr(0n, MAX), MAX);
  });
  it("shr is logical (no sign fill)", () => {
    assert.equal(shr(1n, MIN), 1n << 254n);
  });
});

describe("sar", () => {
  it("fills with the sign bit", () => {
    assert.equal(sar(1n, MIN), MIN | (1n << 254n));
    assert.equal(sar(255n, MIN), MAX);
    assert.equal(sar(254n, MIN), neg(2n));
  });
  it("rounds negatives toward minus infinity", () => {
    assert.equal(sar(1n, NEG1), NEG1);
    assert.equal(sar(1n, neg(3n)), neg(2n));
    assert.equal(sar(4n, neg(16n)), neg(1n));
    assert.equal(sar(4n, neg(17n)), neg(2n));
  });
  it("shift by 256 or more: all ones for a negative, zero otherwise", () => {
    for (const sh of [256n, 257n, 1n << 255n, MAX]) {
      assert.equal(sar(sh, MIN), MAX, `negative, ${sh}`);
      assert.equal(sar(sh, NEG1), MAX, `-1, ${sh}`);
      assert.equal(sar(sh, MAX_POS), 0n, `positive, ${sh}`);
      assert.equal(sar(sh, 0n), 0n, `zero, ${sh}`);
    }
  });
  it("acts as shr on non-negative words", () => {
    assert.equal(sar(254n, MAX_POS), 1n);
    assert.equal(sar(255n, MAX_POS), 0n);
    assert.equal(sar(0n, MIN), MIN);
  });
});
