/** Receipts: the per-transaction record a block commits to, its bloom filter, encoding and root. */
import type { Log } from "../evm/log.js";
import { bigIntToMinimalBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { headerLength, rlpList, rlpString, writeHeaderAt } from "../primitives/rlp-writer.js";
import { ReceiptLeafEncoder, receiptsRootFromLeaves, STATUS_FAILED_ITEM, STATUS_OK_ITEM } from "./receipts-trie.js";

export interface Receipt {
  /** The transaction type (0 legacy … 3 blob); typed receipts are encoded with it as a prefix. */
  type: number;
  /** From Byzantium on: 1 success, 0 failure. Undefined before, where `root` stands instead. */
  status: 0 | 1 | undefined;
  /**
   * Before Byzantium: the state root after the transaction. Undefined when it could not be computed because
   * only part of the state is known (a block replayed from the accounts it touches).
   */
  root: Uint8Array | undefined;
  cumulativeGasUsed: bigint;
  /** Gas this transaction used (not part of the encoding; convenient for reports). */
  gasUsed: bigint;
  logs: Log[];
  /** 256-byte bloom of this receipt's logs. */
  bloom: Uint8Array;
  /** RLP of the logs list, when already computed (the parallel executor's workers do it). */
  encodedLogs?: Uint8Array;
}

export const BLOOM_BYTES = 256;

/** Writes `value` as `size` (20 or 32) big-endian bytes at `at`; it must fit. */
function putWord(view: DataView, at: number, value: bigint, size: 20 | 32): void {
  // setBigUint64 keeps the low 64 bits of what it is given: no masks needed.
  if (size === 32) {
    view.setBigUint64(at, value >> 192n);
    view.setBigUint64(at + 8, value >> 128n);
  } else {
    view.setUint32(at, Number((value >> 128n) & 0xffffffffn));
  }
  view.setBigUint64(at + size - 16, value >> 64n);
  view.setBigUint64(at + size - 8, value);
}

/** Sets the three bloom bits of one value (an address or a topic). */
function addToBloom(bloom: Uint8Array, value: Uint8Array): void {
  const h = keccak256(value);
  for (let i = 0; i < 6; i += 2) {
    const bit = ((h[i] << 8) | h[i + 1]) & 2047;
    bloom[BLOOM_BYTES - 1 - (bit >> 3)] |= 1 << (bit & 7);
  }
}

const scratch = new Uint8Array(32);
const scratchView = new DataView(scratch.buffer);
const scratchAddress = scratch.subarray(0, 20);

export function logsBloom(logs: Log[]): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  addLogsToBloom(bloom, logs);
  return bloom;
}

/** Sets the bloom bits of `logs` in `bloom` (BLOOM_BYTES long), e.g. straight in a shared buffer. */
export function addLogsToBloom(bloom: Uint8Array, logs: Log[]): void {
  for (const log of logs) {
    putWord(scratchView, 0, log.address, 20);
    addToBloom(bloom, scratchAddress);
    for (const t of log.topics) {
      putWord(scratchView, 0, t, 32);
      addToBloom(bloom, scratch);
    }
  }
}

/** ORs `from` into `into`. */
export function orBloom(into: Uint8Array, from: Uint8Array): void {
  for (let i = 0; i < BLOOM_BYTES; i++) into[i] |= from[i];
}

/** RLP of a list of logs: [[address, [topics…], data], …], written into one buffer. */
export function encodeLogs(logs: Log[]): Uint8Array {
  let payload = 0;
  for (const l of logs) {
    const body = logBodyLength(l);
    payload += headerLength(body) + body;
  }
  const out = new Uint8Array(headerLength(payload) + payload);
  const view = new DataView(out.buffer);
  let at = writeHeaderAt(out, 0, 0xc0, payload);
  for (const l of logs) {
    at += writeHeaderAt(out, at, 0xc0, logBodyLength(l));
    out[at++] = 0x80 + 20;
    putWord(view, at, l.address, 20);
    at += 20;
    at += writeHeaderAt(out, at, 0xc0, 33 * l.topics.length);
    for (const t of l.topics) {
      out[at++] = 0x80 + 32;
      putWord(view, at, t, 32);
      at += 32;
    }
    if (l.data.length === 1 && l.data[0] < 0x80) out[at++] = l.data[0];
    else {
      at += writeHeaderAt(out, at, 0x80, l.data.length);
      out.set(l.data, at);
      at += l.data.length;
    }
  }
  return out;
}

/** Payload length of one log's list: the address item, the topics list and the data item. */
function logBodyLength(l: Log): number {
  const topics = 33 * l.topics.length;
  const data = l.data.length === 1 && l.data[0] < 0x80 ? 1 : headerLength(l.data.length) + l.data.length;
  return 21 + headerLength(topics) + topics + data;
}

/** The consensus encoding: rlp([status or root, cumulative gas, bloom, logs]), typed ones prefixed by the type. */
export function encodeReceipt(r: Receipt): Uint8Array {
  const body = rlpList([
    receiptOutcomeItem(r),
    rlpString(bigIntToMinimalBytes(r.cumulativeGasUsed)),
    rlpString(r.bloom),
    r.encodedLogs ?? encodeLogs(r.logs),
  ]);
  if (r.type === 0) return body;
  const out = new Uint8Array(body.length + 1);
  out[0] = r.type;
  out.set(body, 1);
  return out;
}

/** Root of the receipts trie, or undefined when some receipt's pre-Byzantium state root is unknown. */
export function receiptsRoot(receipts: Receipt[]): Uint8Array | undefined {
  if (receipts.some((r) => r.status === undefined && r.root === undefined)) return undefined;
  const encoder = new ReceiptLeafEncoder();
  return receiptsRootFromLeaves(receipts.length, (i, depth) => {
    const r = receipts[i];
    return encoder.reference(i, depth, {
      type: r.type,
      outcome: receiptOutcomeItem(r),
      cumulativeGasUsed: r.cumulativeGasUsed,
      bloom: r.bloom,
      encodedLogs: r.encodedLogs ?? encodeLogs(r.logs),
    });
  });
}

/** The encoded first field of a receipt: its status, or before Byzantium the state root after it. */
function receiptOutcomeItem(r: Receipt): Uint8Array {
  if (r.status !== undefined) return r.status === 1 ? STATUS_OK_ITEM : STATUS_FAILED_ITEM;
  if (r.root !== undefined) return rlpString(r.root);
  throw new Error("a pre-Byzantium receipt without its state root cannot be encoded");
}
