/**
 * The receipts root, built leaf by leaf: each receipt is encoded straight into its trie leaf and hashed in one
 * pass. The trie's shape depends only on the number of receipts (keys rlp(0), rlp(1), …), so the leaves are
 * independent of each other: the sequential executor computes them in order, the parallel one spreads them over
 * its threads and joins the references here.
 */
import { keccak256 } from "../primitives/keccak.js";
import { headerLength, writeHeaderAt } from "../primitives/rlp-writer.js";
import { leafDepths, trieRootFromLeaves } from "../state/trie.js";

/** rlp(i): the key of the i-th entry of an ordered trie. */
export function indexKey(i: number): Uint8Array {
  if (i === 0) return Uint8Array.of(0x80);
  if (i < 0x80) return Uint8Array.of(i);
  const bytes: number[] = [];
  for (let v = i; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 + bytes.length, ...bytes);
}

/** The n keys in byte order, with the index each stands for: rlp(1…127), then rlp(0), then rlp(128…). */
export interface OrderedKeys {
  keys: Uint8Array[];
  /** Position in byte order → index. */
  index: Int32Array;
}

export function orderedKeys(n: number): OrderedKeys {
  const index = new Int32Array(n);
  let p = 0;
  for (let i = 1; i < Math.min(n, 0x80); i++) index[p++] = i;
  if (n > 0) index[p++] = 0;
  for (let i = 0x80; i < n; i++) index[p++] = i;
  return { keys: Array.from(index, indexKey), index };
}

/** Per index, the depth in nibbles of its leaf in an ordered trie of n entries. */
export function orderedLeafDepths(n: number): Uint8Array {
  const { keys, index } = orderedKeys(n);
  const depths = new Uint8Array(n);
  leafDepths(keys, (position, depth) => {
    depths[index[position]] = depth;
  });
  return depths;
}

/** What one receipt's leaf is made of: the consensus fields, with the logs already RLP-encoded. */
export interface ReceiptParts {
  type: number;
  /** The encoded first field: status (0x01 or 0x80) or the pre-Byzantium state root. */
  outcome: Uint8Array;
  cumulativeGasUsed: bigint;
  bloom: Uint8Array;
  encodedLogs: Uint8Array;
}

export const STATUS_OK_ITEM: Uint8Array = Uint8Array.of(0x01);
export const STATUS_FAILED_ITEM: Uint8Array = Uint8Array.of(0x80);

/** Encodes receipt leaves into one reused buffer and hashes them from there, allocating only the hash. */
export class ReceiptLeafEncoder {
  private buffer = new Uint8Array(1024);

  /** The reference (0xa0 ++ keccak of the node) to the leaf of key `index` at `depth` holding `receipt`. */
  reference(index: number, depth: number, receipt: ReceiptParts): Uint8Array {
    const ref = new Uint8Array(33);
    this.referenceInto(index, depth, receipt, ref, 0);
    return ref;
  }

  /** Writes the 33-byte reference to `dest` at `at`. */
  referenceInto(index: number, depth: number, receipt: ReceiptParts, dest: Uint8Array, at: number): void {
    // The key rlp(index) and the hex-prefixed rest of it below `depth` nibbles (the leaf's path).
    const keyLength = index === 0 || index < 0x80 ? 1 : 1 + byteLength(index);
    const nibbles = 2 * keyLength - depth;
    const pathLength = 1 + (nibbles >> 1);
    const pathItem = pathLength === 1 ? 1 : 1 + pathLength;
    const gas = Number(receipt.cumulativeGasUsed);
    const gasBytes = gas === 0 ? 0 : byteLength(gas);
    const gasItem = gas !== 0 && gas < 0x80 ? 1 : 1 + gasBytes;
    const payload = receipt.outcome.length + gasItem + 3 + receipt.bloom.length + receipt.encodedLogs.length;
    const body = headerLength(payload) + payload;
    const value = body + (receipt.type === 0 ? 0 : 1);
    const nodePayload = pathItem + headerLength(value) + value;
    const total = headerLength(nodePayload) + nodePayload;
    if (this.buffer.length < total) this.buffer = new Uint8Array(total * 2);
    const out = this.buffer;
    let p = writeHeaderAt(out, 0, 0xc0, nodePayload);
    if (pathLength > 1) out[p++] = 0x80 + pathLength;
    // Hex prefix: flag 2 (leaf), plus 1 and the first nibble when the count is odd.
    let nibble = depth;
    if (nibbles & 1) out[p++] = 0x30 | keyNibble(index, keyLength, nibble++);
    else out[p++] = 0x20;
    for (; nibble < 2 * keyLength; nibble += 2) {
      out[p++] = (keyNibble(index, keyLength, nibble) << 4) | keyNibble(index, keyLength, nibble + 1);
    }
    p += writeHeaderAt(out, p, 0x80, value);
    if (receipt.type !== 0) out[p++] = receipt.type;
    p += writeHeaderAt(out, p, 0xc0, payload);
    out.set(receipt.outcome, p);
    p += receipt.outcome.length;
    if (gasItem === 1) out[p++] = gas;
    else {
      out[p++] = 0x80 + gasBytes;
      for (let b = gasBytes - 1, v = gas; b >= 0; b--, v = Math.floor(v / 256)) out[p + b] = v % 256;
      p += gasBytes;
    }
    p += writeHeaderAt(out, p, 0x80, receipt.bloom.length);
    out.set(receipt.bloom, p);
    p += receipt.bloom.length;
    out.set(receipt.encodedLogs, p);
    p += receipt.encodedLogs.length;
    // A receipt holds a 256-byte bloom, so its leaf is always referred to by hash.
    dest[at] = 0xa0;
    dest.set(keccak256(out.subarray(0, p)), at + 1);
  }
}

/** Bytes in the big-endian form of a positive integer below 2^53. */
function byteLength(v: number): number {
  let n = 0;
  for (let x = v; x > 0; x = Math.floor(x / 256)) n++;
  return n;
}

/** Nibble `i` of rlp(index), whose length is `keyLength`. */
function keyNibble(index: number, keyLength: number, i: number): number {
  let byte: number;
  if (keyLength === 1) byte = index === 0 ? 0x80 : index;
  else if (i < 2) byte = 0x80 + keyLength - 1;
  else byte = Math.floor(index / 256 ** (keyLength - 1 - (i >> 1))) % 256;
  return i & 1 ? byte & 0x0f : byte >> 4;
}

/** The root of an ordered trie of n receipts, given each one's leaf reference by index and depth. */
export function receiptsRootFromLeaves(n: number, leaf: (index: number, depth: number) => Uint8Array): Uint8Array {
  const { keys, index } = orderedKeys(n);
  return trieRootFromLeaves(
    keys,
    (position, depth) => leaf(index[position], depth),
    () => {
      throw new Error("ordered-trie keys are never prefixes of each other");
    },
  );
}
