/**
 * 0x09 BLAKE2F (EIP-152, from Istanbul): the BLAKE2b compression function F with a caller-chosen
 * number of rounds. Input is exactly 213 bytes: rounds (4 bytes, big-endian), h (8 x 8 bytes LE),
 * m (16 x 8 bytes LE), t (2 x 8 bytes LE), f (1 byte, 0 or 1). Gas = rounds.
 *
 * The compression runs in a tiny WebAssembly module assembled at load time by the code below (native
 * i64 adds and rotates, the 16-word state in wasm locals, the ten SIGMA permutations fully
 * unrolled): about 10x faster than plain JS, which matters for EIP-152 calls with up to 2^32-1
 * rounds. A pure-JS implementation, where 64-bit words are kept as (lo, hi) pairs of 32-bit halves
 * in a Uint32Array, is kept as the fallback (and as a cross-check in the tests).
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
export function blake2bCompressJs(
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

// ---------------------------------------------------------------------------------------------
// WebAssembly implementation.
//
// Memory (one 64 KiB page): bytes 0..128 hold the working vector v (16 little-endian i64 words),
// bytes 128..256 the message m (16 words). The exported `rounds(n)` loads v and m into locals,
// applies n rounds (starting at SIGMA row 0) and stores v back. The ten rounds of one SIGMA cycle
// are unrolled in a loop that checks the remaining count before each round.
//
// The function is called in chunks of CHUNK rounds (a multiple of 10, so every chunk starts at
// SIGMA row 0): V8 has no on-stack replacement for wasm, so a single call would stay in the
// baseline (Liftoff) code for its whole duration; chunking lets the optimised tier take over.
// ---------------------------------------------------------------------------------------------

const CHUNK = 10_000;

/** Unsigned LEB128 (used for section/body sizes and small immediates). */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function wasmName(name: string): number[] {
  return [name.length, ...Array.from(name, (c) => c.charCodeAt(0))];
}

/** Assembles the module; see the memory layout above. */
function assembleBlake2Module(): Uint8Array {
  const LOCAL_GET = 0x20;
  const LOCAL_SET = 0x21;
  const I64_ADD = 0x7c;
  const I64_XOR = 0x85;
  const I64_ROTR = 0x8a;
  const I64_CONST = 0x42;
  // Locals: 0 = remaining rounds (i32 param), 1..16 = v0..v15, 17..32 = m0..m15 (i64).
  const V = (i: number) => 1 + i;
  const M = (i: number) => 17 + i;
  const code: number[] = [];
  const get = (l: number) => code.push(LOCAL_GET, l);
  const set = (l: number) => code.push(LOCAL_SET, l);
  // x = x + y (+ z)
  const add = (x: number, y: number, z?: number) => {
    get(x);
    get(y);
    code.push(I64_ADD);
    if (z !== undefined) {
      get(z);
      code.push(I64_ADD);
    }
    set(x);
  };
  // x = rotr(x ^ y, n); rotation counts 16..63 fit a one-byte signed LEB128.
  const xorRot = (x: number, y: number, n: number) => {
    get(x);
    get(y);
    code.push(I64_XOR, I64_CONST, n, I64_ROTR);
    set(x);
  };
  const g = (a: number, b: number, c: number, d: number, x: number, y: number) => {
    add(V(a), V(b), M(x));
    xorRot(V(d), V(a), 32);
    add(V(c), V(d));
    xorRot(V(b), V(c), 24);
    add(V(a), V(b), M(y));
    xorRot(V(d), V(a), 16);
    add(V(c), V(d));
    xorRot(V(b), V(c), 63);
  };
  // Load v and m: local = i64.load(i32.const 0, offset = 8 * k).
  for (let k = 0; k < 32; k++) code.push(0x41, 0x00, 0x29, 0x03, ...uleb(8 * k), LOCAL_SET, 1 + k);
  code.push(0x02, 0x40); // block $done
  code.push(0x03, 0x40); // loop $next
  for (let r = 0; r < 10; r++) {
    // if (remaining == 0) break; remaining -= 1
    code.push(LOCAL_GET, 0, 0x45, 0x0d, 1); // local.get 0; i32.eqz; br_if $done
    code.push(LOCAL_GET, 0, 0x41, 0x01, 0x6b, LOCAL_SET, 0); // local.get 0; i32.const 1; i32.sub; local.set 0
    const s = r * 16;
    const sg = (i: number) => SIGMA[s + i] >> 1;
    g(0, 4, 8, 12, sg(0), sg(1));
    g(1, 5, 9, 13, sg(2), sg(3));
    g(2, 6, 10, 14, sg(4), sg(5));
    g(3, 7, 11, 15, sg(6), sg(7));
    g(0, 5, 10, 15, sg(8), sg(9));
    g(1, 6, 11, 12, sg(10), sg(11));
    g(2, 7, 8, 13, sg(12), sg(13));
    g(3, 4, 9, 14, sg(14), sg(15));
  }
  code.push(0x0c, 0x00); // br $next
  code.push(0x0b, 0x0b); // end loop; end block
  // Store v back: i64.store(i32.const 0, local, offset = 8 * k).
  for (let k = 0; k < 16; k++) code.push(0x41, 0x00, LOCAL_GET, 1 + k, 0x37, 0x03, ...uleb(8 * k));
  code.push(0x0b); // end function
  const body = [0x01, 32, 0x7e, ...code]; // locals: 32 x i64
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x00]), // type 0: (i32) -> ()
    ...section(3, [0x01, 0x00]), // function 0 has type 0
    ...section(5, [0x01, 0x00, 0x01]), // memory 0: min 1 page
    ...section(7, [0x02, ...wasmName("memory"), 0x02, 0x00, ...wasmName("rounds"), 0x00, 0x00]),
    ...section(10, [0x01, ...uleb(body.length), ...body]),
  ]);
}

/** IV as 64 little-endian bytes. */
const IV_BYTES = new Uint8Array(64);
for (let i = 0; i < 16; i++) {
  const w = IV[i];
  IV_BYTES[i * 4] = w & 0xff;
  IV_BYTES[i * 4 + 1] = (w >>> 8) & 0xff;
  IV_BYTES[i * 4 + 2] = (w >>> 16) & 0xff;
  IV_BYTES[i * 4 + 3] = w >>> 24;
}

type CompressFn = typeof blake2bCompressJs;

/** The slice of the WebAssembly JS API used here (the project's TS lib settings do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: object,
  ) => { exports: { memory: { buffer: ArrayBuffer }; rounds: (n: number) => void } };
}

function instantiateWasm(): CompressFn | undefined {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return undefined;
    const { exports } = new wasm.Instance(new wasm.Module(assembleBlake2Module()), {});
    const runRounds = exports.rounds;
    const mem = new Uint8Array(exports.memory.buffer, 0, 256);
    return (rounds, h, message, t, finalBlock) => {
      mem.set(h, 0);
      mem.set(IV_BYTES, 64);
      for (let i = 0; i < 16; i++) mem[96 + i] ^= t[i];
      if (finalBlock) for (let i = 112; i < 120; i++) mem[i] ^= 0xff;
      mem.set(message, 128);
      let remaining = rounds;
      while (remaining > CHUNK) {
        runRounds(CHUNK);
        remaining -= CHUNK;
      }
      runRounds(remaining);
      const out = new Uint8Array(64);
      for (let i = 0; i < 64; i++) out[i] = h[i] ^ mem[i] ^ mem[64 + i];
      return out;
    };
  } catch {
    return undefined;
  }
}

const wasmCompress = instantiateWasm();

/**
 * BLAKE2b compression F (RFC 7693 §3.2) with `rounds` rounds. `h` is 8 words, `message` 16 words,
 * `t` 2 words, all as little-endian bytes; returns the new state h as 64 little-endian bytes.
 */
export const blake2bCompress: CompressFn = wasmCompress ?? blake2bCompressJs;

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
