/** Word-sized reads and writes on a frame's memory buffer. */
import { bytesToBigInt } from "../primitives/hex.js";

const MASK64 = 0xffffffffffffffffn;

export function readWord(mem: Uint8Array, offset: number): bigint {
  const dv = new DataView(mem.buffer, mem.byteOffset + offset, 32);
  const a = dv.getBigUint64(0);
  const b = dv.getBigUint64(8);
  const c = dv.getBigUint64(16);
  const d = dv.getBigUint64(24);
  return (a << 192n) | (b << 128n) | (c << 64n) | d;
}

export function writeWord(mem: Uint8Array, offset: number, v: bigint): void {
  const dv = new DataView(mem.buffer, mem.byteOffset + offset, 32);
  dv.setBigUint64(24, v & MASK64);
  dv.setBigUint64(16, (v >> 64n) & MASK64);
  dv.setBigUint64(8, (v >> 128n) & MASK64);
  dv.setBigUint64(0, v >> 192n);
}

/** Reads `size` bytes at `offset` from `src`, zero-filled past its end (CALLDATALOAD, copies). */
export function readPadded(src: Uint8Array, offset: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  if (offset < BigInt(src.length)) {
    const o = Number(offset);
    out.set(src.subarray(o, Math.min(src.length, o + size)));
  }
  return out;
}

/** The 32-byte word at `offset` in `src`, zero-padded (CALLDATALOAD). */
export function loadWordPadded(src: Uint8Array, offset: bigint): bigint {
  if (offset >= BigInt(src.length)) return 0n;
  const o = Number(offset);
  if (o + 32 <= src.length) return readWord(src, o);
  return bytesToBigInt(readPadded(src, offset, 32));
}

/** Copies src[srcOffset..srcOffset+size) into mem at memOffset, zero-filling past the source's end. */
export function copyPadded(mem: Uint8Array, memOffset: number, src: Uint8Array, srcOffset: bigint, size: number): void {
  if (size === 0) return;
  const avail = srcOffset < BigInt(src.length) ? src.length - Number(srcOffset) : 0;
  const n = Math.min(avail, size);
  if (n > 0) {
    const so = Number(srcOffset);
    mem.set(src.subarray(so, so + n), memOffset);
  }
  if (n < size) mem.fill(0, memOffset + n, memOffset + size);
}
