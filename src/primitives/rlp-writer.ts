/**
 * A small RLP writer for hot paths (trie nodes, receipts): items are encoded once and spliced in as bytes, with
 * no intermediate arrays of arrays.
 */

/** Size of the RLP header for a payload of `length` bytes. */
export function headerLength(length: number): number {
  if (length < 56) return 1;
  let n = 1;
  for (let l = length; l > 255; l = Math.floor(l / 256)) n++;
  return 1 + n;
}

/** Writes the RLP header (base 0x80 for strings, 0xc0 for lists) at the start of `out`; returns its size. */
export function writeHeader(out: Uint8Array, base: number, length: number): number {
  return writeHeaderAt(out, 0, base, length);
}

/** Writes the RLP header at `out[at]`; returns its size. */
export function writeHeaderAt(out: Uint8Array, at: number, base: number, length: number): number {
  if (length < 56) {
    out[at] = base + length;
    return 1;
  }
  const n = headerLength(length) - 1;
  out[at] = base + 55 + n;
  for (let i = n, l = length; i >= 1; i--, l = Math.floor(l / 256)) out[at + i] = l & 0xff;
  return n + 1;
}

/** RLP of a byte string. */
export function rlpString(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 1 && bytes[0] < 0x80) return bytes;
  const out = new Uint8Array(headerLength(bytes.length) + bytes.length);
  out.set(bytes, writeHeader(out, 0x80, bytes.length));
  return out;
}

/** RLP list of already-encoded items. */
export function rlpList(items: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const item of items) length += item.length;
  const out = new Uint8Array(headerLength(length) + length);
  let at = writeHeader(out, 0xc0, length);
  for (const item of items) {
    out.set(item, at);
    at += item.length;
  }
  return out;
}
