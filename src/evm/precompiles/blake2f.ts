/**
 * 0x09 BLAKE2F (EIP-152, from Istanbul): the BLAKE2b compression function F with a caller-chosen
 * number of rounds. Input is exactly 213 bytes: rounds (4 bytes, big-endian), h (8 x 8 bytes LE),
 * m (16 x 8 bytes LE), t (2 x 8 bytes LE), f (1 byte, 0 or 1). Gas = rounds.
 *
 * 64-bit words are kept as (lo, hi) pairs of 32-bit halves in a Uint32Array.
 */
import type { Fork } from "../../forks.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

const INPUT_LENGTH = 213;

/** BLAKE2b IV as (lo, hi) 32-bit halves. */
const IV = Uint32Array.of(
  0xf3bcc908,
  0x6a09e667,
  0x84caa73b,
  0xbb67ae85,
  0xfe94f82b,
  0x3c6ef372,
  0x5f1d36f1,
  0xa54ff53a,
  0xade682d1,
  0x510e527f,
  0x2b3e6c1f,
  0x9b05688c,
  0xfb41bd6b,
  0x1f83d9ab,
  0x137e2179,
  0x5be0cd19,
);

/** Message schedule; each entry is already doubled (index of the lo half of the word). */
const SIGMA = Uint8Array.from(
  [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  ]
    .flat()
    .map((x) => x * 2),
);

const v = new Uint32Array(32);
const m = new Uint32Array(32);

/**
 * The mixing function G on words a, b, c, d of v (lo-half indices) with message words at x, y.
 * Halves are held as unsigned 32-bit numbers; 64-bit sums are formed in doubles (exact below 2^53),
 * the carry being the part above 2^32.
 */
function mix(a: number, b: number, c: number, d: number, x: number, y: number): void {
  let al = v[a];
  let ah = v[a + 1];
  let bl = v[b];
  let bh = v[b + 1];
  let cl = v[c];
  let ch = v[c + 1];
  let dl = v[d];
  let dh = v[d + 1];
  let sum: number;
  let t: number;
  // a = a + b + m[x]; d = rotr(d ^ a, 32)
  sum = al + bl + m[x];
  ah = (ah + bh + m[x + 1] + ((sum / 0x100000000) | 0)) >>> 0;
  al = sum >>> 0;
  t = (dl ^ al) >>> 0;
  dl = (dh ^ ah) >>> 0;
  dh = t;
  // c = c + d; b = rotr(b ^ c, 24)
  sum = cl + dl;
  ch = (ch + dh + ((sum / 0x100000000) | 0)) >>> 0;
  cl = sum >>> 0;
  t = bl ^ cl;
  bh ^= ch;
  bl = ((t >>> 24) | (bh << 8)) >>> 0;
  bh = ((bh >>> 24) | (t << 8)) >>> 0;
  // a = a + b + m[y]; d = rotr(d ^ a, 16)
  sum = al + bl + m[y];
  ah = (ah + bh + m[y + 1] + ((sum / 0x100000000) | 0)) >>> 0;
  al = sum >>> 0;
  t = dl ^ al;
  dh ^= ah;
  dl = ((t >>> 16) | (dh << 16)) >>> 0;
  dh = ((dh >>> 16) | (t << 16)) >>> 0;
  // c = c + d; b = rotr(b ^ c, 63) = rotl(b ^ c, 1)
  sum = cl + dl;
  ch = (ch + dh + ((sum / 0x100000000) | 0)) >>> 0;
  cl = sum >>> 0;
  t = bl ^ cl;
  bh ^= ch;
  bl = ((t << 1) | (bh >>> 31)) >>> 0;
  bh = ((bh << 1) | (t >>> 31)) >>> 0;
  v[a] = al;
  v[a + 1] = ah;
  v[b] = bl;
  v[b + 1] = bh;
  v[c] = cl;
  v[c + 1] = ch;
  v[d] = dl;
  v[d + 1] = dh;
}

function readLE32(data: Uint8Array, off: number): number {
  return (data[off] | (data[off + 1] << 8) | (data[off + 2] << 16) | (data[off + 3] << 24)) >>> 0;
}

/**
 * BLAKE2b compression F (RFC 7693 §3.2) with `rounds` rounds. `h` is 8 words, `message` 16 words,
 * `t` 2 words, all as little-endian bytes; returns the new state h as 64 little-endian bytes.
 */
export function blake2bCompress(
  rounds: number,
  h: Uint8Array,
  message: Uint8Array,
  t: Uint8Array,
  finalBlock: boolean,
): Uint8Array {
  for (let i = 0; i < 16; i++) v[i] = readLE32(h, i * 4);
  v.set(IV, 16);
  for (let i = 0; i < 32; i++) m[i] = readLE32(message, i * 4);
  v[24] ^= readLE32(t, 0);
  v[25] ^= readLE32(t, 4);
  v[26] ^= readLE32(t, 8);
  v[27] ^= readLE32(t, 12);
  if (finalBlock) {
    v[28] = ~v[28];
    v[29] = ~v[29];
  }
  for (let r = 0; r < rounds; r++) {
    const s = (r % 10) * 16;
    mix(0, 8, 16, 24, SIGMA[s], SIGMA[s + 1]);
    mix(2, 10, 18, 26, SIGMA[s + 2], SIGMA[s + 3]);
    mix(4, 12, 20, 28, SIGMA[s + 4], SIGMA[s + 5]);
    mix(6, 14, 22, 30, SIGMA[s + 6], SIGMA[s + 7]);
    mix(0, 10, 20, 30, SIGMA[s + 8], SIGMA[s + 9]);
    mix(2, 12, 22, 24, SIGMA[s + 10], SIGMA[s + 11]);
    mix(4, 14, 16, 26, SIGMA[s + 12], SIGMA[s + 13]);
    mix(6, 8, 18, 28, SIGMA[s + 14], SIGMA[s + 15]);
  }
  const out = new Uint8Array(64);
  for (let i = 0; i < 16; i++) {
    const word = (readLE32(h, i * 4) ^ v[i] ^ v[i + 16]) >>> 0;
    out[i * 4] = word & 0xff;
    out[i * 4 + 1] = (word >>> 8) & 0xff;
    out[i * 4 + 2] = (word >>> 16) & 0xff;
    out[i * 4 + 3] = word >>> 24;
  }
  return out;
}

export function blake2f(input: Uint8Array, gasLimit: bigint, _fork: Fork): PrecompileResult {
  if (input.length !== INPUT_LENGTH) return PRECOMPILE_FAILURE;
  const rounds = ((input[0] << 24) | (input[1] << 16) | (input[2] << 8) | input[3]) >>> 0;
  const gasUsed = BigInt(rounds);
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  const f = input[212];
  if (f !== 0 && f !== 1) return PRECOMPILE_FAILURE;
  const output = blake2bCompress(
    rounds,
    input.subarray(4, 68),
    input.subarray(68, 196),
    input.subarray(196, 212),
    f === 1,
  );
  return { success: true, gasUsed, output };
}
