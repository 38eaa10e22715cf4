/** 256-bit word arithmetic on non-negative bigints in [0, 2^256). */

export const MAX_U256 = (1n << 256n) - 1n;
export const SIGN_BIT = 1n << 255n;
const TWO_256 = 1n << 256n;

export function toSigned(x: bigint): bigint {
  return x >= SIGN_BIT ? x - TWO_256 : x;
}

export function fromSigned(x: bigint): bigint {
  return x < 0n ? x + TWO_256 : x;
}

export function sdiv(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  // BigInt division truncates toward zero, as SDIV requires; -2^255 / -1 wraps back to -2^255.
  return fromSigned(toSigned(a) / toSigned(b)) & MAX_U256;
}

export function smod(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  // BigInt % takes the dividend's sign, as SMOD requires.
  return fromSigned(toSigned(a) % toSigned(b));
}

export function slt(a: bigint, b: bigint): boolean {
  return toSigned(a) < toSigned(b);
}

export function exp(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) & MAX_U256;
    e >>= 1n;
    if (e > 0n) b = (b * b) & MAX_U256;
  }
  return result;
}

export function signExtend(byteIndex: bigint, value: bigint): bigint {
  if (byteIndex >= 31n) return value;
  const bit = Number(byteIndex) * 8 + 7;
  const mask = (1n << BigInt(bit + 1)) - 1n;
  if ((value >> BigInt(bit)) & 1n) return value | (MAX_U256 ^ mask);
  return value & mask;
}

export function byteAt(index: bigint, value: bigint): bigint {
  if (index >= 32n) return 0n;
  return (value >> BigInt(248 - Number(index) * 8)) & 0xffn;
}

export function shl(shift: bigint, value: bigint): bigint {
  return shift >= 256n ? 0n : (value << shift) & MAX_U256;
}

export function shr(shift: bigint, value: bigint): bigint {
  return shift >= 256n ? 0n : value >> shift;
}

export function sar(shift: bigint, value: bigint): bigint {
  const negative = value >= SIGN_BIT;
  if (shift >= 256n) return negative ? MAX_U256 : 0n;
  if (!negative) return value >> shift;
  return fromSigned(toSigned(value) >> shift);
}
