/** Receipts: the per-transaction record a block commits to, its bloom filter, encoding and root. */
import type { Log } from "../evm/log.js";
import { addressToBytes } from "../primitives/address.js";
import { bigIntToBytes, bigIntToMinimalBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { rlpList, rlpString } from "../primitives/rlp-writer.js";
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

/** Sets the three bloom bits of one value (an address or a topic). */
function addToBloom(bloom: Uint8Array, value: Uint8Array): void {
  const h = keccak256(value);
  for (let i = 0; i < 6; i += 2) {
    const bit = ((h[i] << 8) | h[i + 1]) & 2047;
    bloom[BLOOM_BYTES - 1 - (bit >> 3)] |= 1 << (bit & 7);
  }
}

export function logsBloom(logs: Log[]): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  for (const log of logs) {
    addToBloom(bloom, addressToBytes(log.address));
    for (const t of log.topics) addToBloom(bloom, bigIntToBytes(t, 32));
  }
  return bloom;
}

/** ORs `from` into `into`. */
export function orBloom(into: Uint8Array, from: Uint8Array): void {
  for (let i = 0; i < BLOOM_BYTES; i++) into[i] |= from[i];
}

/** RLP of a list of logs: [[address, [topics…], data], …]. */
export function encodeLogs(logs: Log[]): Uint8Array {
  return rlpList(
    logs.map((l) =>
      rlpList([
        rlpString(addressToBytes(l.address)),
        rlpList(l.topics.map((t) => rlpString(bigIntToBytes(t, 32)))),
        rlpString(l.data),
      ]),
    ),
  );
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
