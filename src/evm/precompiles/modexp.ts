/**
 * 0x05 MODEXP (EIP-198, from Byzantium; repriced by EIP-2565 from Berlin).
 *
 * Input: three 32-byte lengths (base, exponent, modulus), then the three numbers back to back; anything
 * past the end of the input reads as zero. Gas is computed from the lengths and the first 32 bytes of
 * the exponent only, so absurd declared lengths (up to 2^256) cost nothing to price; the data is read
 * only once the gas is known to be affordable. The output is (base ** exp) % mod as modLen bytes.
 */
import { Fork } from "../../forks.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

const EMPTY = new Uint8Array(0);
/** Output sizes past this cannot be allocated; such a modulus would cost over 10^15 gas. */
const MAX_OUTPUT_BYTES = 1n << 30n;

/** Big-endian value of the window [start, start+len) of `data` cut to the input, plus how many zero bits follow. */
function readPadded(data: Uint8Array, start: bigint, len: bigint): { value: bigint; zeroBits: bigint } {
  const size = BigInt(data.length);
  if (len === 0n) return { value: 0n, zeroBits: 0n };
  if (start >= size) return { value: 0n, zeroBits: 8n * len };
  const end = start + len;
  const availableEnd = end < size ? end : size;
  const from = Number(start);
  const to = Number(availableEnd);
  let value = 0n;
  if (to > from) {
    let hex = "0x";
    for (let i = from; i < to; i++) hex += HEX[data[i]];
    value = BigInt(hex);
  }
  return { value, zeroBits: 8n * (end - availableEnd) };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function readWord(data: Uint8Array, start: number): bigint {
  const { value, zeroBits } = readPadded(data, BigInt(start), 32n);
  return value << zeroBits;
}

function bitLength(x: bigint): bigint {
  return x === 0n ? 0n : BigInt(x.toString(2).length);
}

/** EIP-198 (Byzantium..Istanbul) multiplication complexity. */
function complexityEip198(maxLength: bigint): bigint {
  if (maxLength <= 64n) return maxLength * maxLength;
  if (maxLength <= 1024n) return (maxLength * maxLength) / 4n + 96n * maxLength - 3072n;
  return (maxLength * maxLength) / 16n + 480n * maxLength - 199680n;
}

/** Gas for the given lengths and exponent head (the first min(32, expLen) bytes of the exponent). */
export function modexpGas(baseLen: bigint, expLen: bigint, modLen: bigint, expHead: bigint, fork: Fork): bigint {
  const maxLength = baseLen > modLen ? baseLen : modLen;
  const headBits = bitLength(expHead);
  const headPart = headBits > 0n ? headBits - 1n : 0n;
  if (fork >= Fork.Berlin) {
    const words = (maxLength + 7n) / 8n;
    let count: bigint;
    if (expLen <= 32n) count = headPart;
    else count = 8n * (expLen - 32n) + headPart;
    if (count < 1n) count = 1n;
    const cost = (words * words * count) / 3n;
    return cost < 200n ? 200n : cost;
  }
  let adjusted = expLen <= 32n ? headPart : 8n * (expLen - 32n) + headPart;
  if (adjusted < 1n) adjusted = 1n;
  return (complexityEip198(maxLength) * adjusted) / 20n;
}

/** Window size for sliding-window exponentiation by exponent bit length. */
function windowBits(bits: number): number {
  if (bits <= 8) return 1;
  if (bits <= 24) return 2;
  if (bits <= 80) return 3;
  if (bits <= 240) return 4;
  if (bits <= 672) return 5;
  return 6;
}

/** base ** exp mod m for m >= 2 (left-to-right sliding window over the exponent's bits). */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  const b = base % m;
  if (exp === 0n) return 1n % m;
  if (b === 0n) return 0n;
  if (b === 1n) return 1n;
  const bits = exp.toString(2);
  const w = windowBits(bits.length);
  // odd powers b^1, b^3, ..., b^(2^w - 1)
  const table: bigint[] = [b];
  if (w > 1) {
    const b2 = (b * b) % m;
    for (let i = 1; i < 1 << (w - 1); i++) table.push((table[i - 1] * b2) % m);
  }
  let result = 1n;
  let started = false;
  let i = 0;
  const n = bits.length;
  while (i < n) {
    if (bits.charCodeAt(i) === 48) {
      if (started) result = (result * result) % m;
      i++;
      continue;
    }
    // take the longest window of at most w bits starting at i that ends in a 1
    let j = Math.min(i + w, n);
    while (bits.charCodeAt(j - 1) === 48) j--;
    const chunk = Number.parseInt(bits.slice(i, j), 2);
    if (started) {
      for (let k = i; k < j; k++) result = (result * result) % m;
      result = (result * table[chunk >> 1]) % m;
    } else {
      result = table[chunk >> 1];
      started = true;
    }
    i = j;
  }
  return result;
}

function toBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (value === 0n) return out;
  const hex = value.toString(16);
  // value < modulus, so it fits in `length` bytes
  const digits = hex.length;
  let pos = length - 1;
  let k = digits;
  while (k > 0) {
    const startDigit = k >= 2 ? k - 2 : 0;
    out[pos--] = Number.parseInt(hex.slice(startDigit, k), 16);
    k = startDigit;
  }
  return out;
}

export function modexp(input: Uint8Array, gasLimit: bigint, fork: Fork): PrecompileResult {
  const baseLen = readWord(input, 0);
  const expLen = readWord(input, 32);
  const modLen = readWord(input, 64);
  const expStart = 96n + baseLen;
  const headLen = expLen < 32n ? expLen : 32n;
  const head = readPadded(input, expStart, headLen);
  const expHead = head.value << head.zeroBits;
  const gasUsed = modexpGas(baseLen, expLen, modLen, expHead, fork);
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;

  if (baseLen === 0n && modLen === 0n) return { success: true, gasUsed, output: EMPTY };
  if (modLen > MAX_OUTPUT_BYTES) return PRECOMPILE_FAILURE;
  const outLen = Number(modLen);
  const modStart = expStart + expLen;
  const mod = readPadded(input, modStart, modLen);
  const m = mod.value << mod.zeroBits;
  if (m === 0n || m === 1n) return { success: true, gasUsed, output: new Uint8Array(outLen) };
  // The modulus follows base and exponent, so a non-zero modulus means both lie wholly inside the input.
  const base = readPadded(input, 96n, baseLen).value;
  const exp = readPadded(input, expStart, expLen).value;
  const result = modPow(base, exp, m);
  return { success: true, gasUsed, output: toBytes(result, outLen) };
}
