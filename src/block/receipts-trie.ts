/**
 * The receipts root, built leaf by leaf: each receipt is encoded straight into its trie leaf and hashed in one
 * pass. The trie's shape depends only on the number of receipts (keys rlp(0), rlp(1), …), so the leaves are
 * independent of each other: the sequential executor computes them in order, the parallel one spreads them over
 * its threads and joins the references here.
 */
import { bigIntToMinimalBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { headerLength, rlpString, writeHeader } from "../primitives/rlp-writer.js";
import { hexPrefix, leafDepths, trieRootFromLeaves } from "../state/trie.js";

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

/** Encodes receipt leaves into one reused buffer and hashes them from there. */
export class ReceiptLeafEncoder {
  private buffer = new Uint8Array(1024);

  /** The reference (0xa0 ++ keccak of the node) to the leaf of key `index` at `depth` holding `receipt`. */
  reference(index: number, depth: number, receipt: ReceiptParts): Uint8Array {
    const key = indexKey(index);
    const path = rlpString(hexPrefix(key, depth, key.length * 2, true));
    const gas = rlpString(bigIntToMinimalBytes(receipt.cumulativeGasUsed));
    const bloomHeader = headerLength(receipt.bloom.length);
    const payload =
      receipt.outcome.length + gas.length + bloomHeader + receipt.bloom.length + receipt.encodedLogs.length;
    const body = headerLength(payload) + payload;
    const value = body + (receipt.type === 0 ? 0 : 1);
    const nodePayload = path.length + headerLength(value) + value;
    const total = headerLength(nodePayload) + nodePayload;
    if (this.buffer.length < total) this.buffer = new Uint8Array(total * 2);
    const out = this.buffer;
    let at = writeHeader(out, 0xc0, nodePayload);
    out.set(path, at);
    at += path.length;
    at += writeHeader(out.subarray(at), 0x80, value);
    if (receipt.type !== 0) out[at++] = receipt.type;
    at += writeHeader(out.subarray(at), 0xc0, payload);
    out.set(receipt.outcome, at);
    at += receipt.outcome.length;
    out.set(gas, at);
    at += gas.length;
    at += writeHeader(out.subarray(at), 0x80, receipt.bloom.length);
    out.set(receipt.bloom, at);
    at += receipt.bloom.length;
    out.set(receipt.encodedLogs, at);
    at += receipt.encodedLogs.length;
    // A receipt holds a 256-byte bloom, so its leaf is always referred to by hash.
    const ref = new Uint8Array(33);
    ref[0] = 0xa0;
    ref.set(keccak256(out.subarray(0, at)), 1);
    return ref;
  }
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
