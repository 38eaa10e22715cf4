/**
 * A block's transactions in one SharedArrayBuffer, so that workers get them without a structured clone of
 * thousands of objects (which delayed their start by several milliseconds per block) and decode each one only
 * when they first execute it. Senders travel along, so nothing is recovered again. Signature and hash are not
 * carried: execution never reads them. The buffer is allocated before the block is posted and filled after:
 * workers start on the first transactions while the main thread still encodes the rest.
 */
import type { Transaction } from "../tx/types.js";
import { readWord, writeWord } from "./codec.js";

export interface SharedTransactions {
  bytes: SharedArrayBuffer;
  /** Offset of each transaction's record, the end of the last one, then how many records are written. */
  offsets: SharedArrayBuffer;
  count: number;
}

/** Records published at a time while encoding. */
const PUBLISH_EVERY = 16;

function size(tx: Transaction): number {
  let n = 2 + 32 * 9 + 4 + tx.data.length + 4 + 4 + 32 * tx.blobVersionedHashes.length;
  for (const e of tx.accessList) n += 32 + 4 + 32 * e.storageKeys.length;
  return n;
}

/**
 * Room for `txs` (nothing is written yet: see `fillTransactions`); with `count` larger than `txs.length`, only a
 * placeholder for that many (nothing to decode).
 */
export function allocateTransactions(txs: Transaction[], count = txs.length): SharedTransactions {
  let total = 0;
  for (const tx of txs) total += size(tx);
  return {
    bytes: new SharedArrayBuffer(Math.max(1, total)),
    offsets: new SharedArrayBuffer((txs.length + 2) * 4),
    count,
  };
}

/** Writes `txs` into room made for them, publishing each run of records as it is done. */
export function fillTransactions(shared: SharedTransactions, txs: Transaction[]): void {
  const u8 = new Uint8Array(shared.bytes);
  const view = new DataView(shared.bytes);
  const at = new Int32Array(shared.offsets);
  let p = 0;
  const word = (v: bigint) => {
    writeWord(view, p, v);
    p += 32;
  };
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i];
    at[i] = p;
    u8[p++] = tx.type;
    u8[p++] = (tx.chainId === undefined ? 0 : 1) | (tx.to === undefined ? 0 : 2);
    word(tx.chainId ?? 0n);
    word(tx.nonce);
    word(tx.maxFeePerGas);
    word(tx.maxPriorityFeePerGas);
    word(tx.gasLimit);
    word(tx.to ?? 0n);
    word(tx.value);
    word(tx.maxFeePerBlobGas);
    word(tx.sender);
    view.setUint32(p, tx.data.length);
    u8.set(tx.data, p + 4);
    p += 4 + tx.data.length;
    view.setUint32(p, tx.accessList.length);
    p += 4;
    for (const e of tx.accessList) {
      word(e.address);
      view.setUint32(p, e.storageKeys.length);
      p += 4;
      for (const k of e.storageKeys) word(k);
    }
    view.setUint32(p, tx.blobVersionedHashes.length);
    p += 4;
    for (const h of tx.blobVersionedHashes) {
      u8.set(h, p);
      p += 32;
    }
    if ((i + 1) % PUBLISH_EVERY === 0) Atomics.store(at, txs.length + 1, i + 1);
  }
  at[txs.length] = p;
  Atomics.store(at, txs.length + 1, txs.length);
}

const NO_BYTES = new Uint8Array(0);

/** Decodes transactions on first use, each once per thread. */
export class TransactionReader {
  private readonly u8: Uint8Array;
  private readonly view: DataView;
  private readonly at: Int32Array;
  private readonly decoded: Array<Transaction | undefined>;

  constructor(shared: SharedTransactions) {
    this.u8 = new Uint8Array(shared.bytes);
    this.view = new DataView(shared.bytes);
    this.at = new Int32Array(shared.offsets);
    this.decoded = new Array(shared.count);
  }

  get(i: number): Transaction {
    const cached = this.decoded[i];
    if (cached !== undefined) return cached;
    // The main thread may still be writing it (a few microseconds per record).
    const written = this.at.length - 1;
    while (Atomics.load(this.at, written) <= i) {
      // Spin: waiting is shorter than any sleep.
    }
    const { u8, view } = this;
    let p = this.at[i];
    const type = u8[p++] as Transaction["type"];
    const flags = u8[p++];
    const word = () => {
      const v = readWord(view, p);
      p += 32;
      return v;
    };
    const chainId = word();
    const nonce = word();
    const maxFeePerGas = word();
    const maxPriorityFeePerGas = word();
    const gasLimit = word();
    const to = word();
    const value = word();
    const maxFeePerBlobGas = word();
    const sender = word();
    const u32 = () => {
      const v = view.getUint32(p);
      p += 4;
      return v;
    };
    const dataLength = view.getUint32(p);
    const data = dataLength === 0 ? NO_BYTES : u8.slice(p + 4, p + 4 + dataLength);
    p += 4 + dataLength;
    const accessList: Transaction["accessList"] = [];
    for (let n = u32(); n > 0; n--) {
      const address = word();
      const storageKeys: bigint[] = [];
      for (let k = u32(); k > 0; k--) storageKeys.push(word());
      accessList.push({ address, storageKeys });
    }
    const blobVersionedHashes: Uint8Array[] = [];
    for (let n = u32(); n > 0; n--, p += 32) blobVersionedHashes.push(u8.slice(p, p + 32));
    const tx: Transaction = {
      type,
      chainId: flags & 1 ? chainId : undefined,
      nonce,
      maxFeePerGas,
      maxPriorityFeePerGas,
      gasLimit,
      to: flags & 2 ? to : undefined,
      value,
      data,
      accessList,
      maxFeePerBlobGas,
      blobVersionedHashes,
      v: 0n,
      r: 0n,
      s: 0n,
      sender,
      hash: NO_BYTES,
    };
    this.decoded[i] = tx;
    return tx;
  }
}
