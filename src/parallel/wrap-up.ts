/**
 * The block's wrap-up on every thread. As soon as every transaction is final, all threads encode and hash the
 * receipt leaves in chunks: the receipts trie's shape depends only on the transaction count, so leaves are
 * independent, and each thread sums the gas before its chunks itself from the stored outcomes, and ORs the
 * chunk's blooms. The thread that finishes the last chunk builds the root from the leaves. The main thread
 * meanwhile builds the receipts and assembles the state changes (which take longer than the leaves), then joins
 * in and picks the root up. If the main thread falls back to sequential execution, the hashes are simply unused.
 */

import { orBloom } from "../block/receipt.js";
import {
  orderedLeafDepths,
  ReceiptLeafEncoder,
  receiptsRootFromLeaves,
  STATUS_FAILED_ITEM,
  STATUS_OK_ITEM,
} from "../block/receipts-trie.js";
import type { Transaction } from "../tx/types.js";
import { gasUsedAt, OutcomeKind, outcomeKindAt, receiptFieldsAt } from "./outcome-codec.js";
import type { SharedTable } from "./shared-table.js";

// Control words: next chunk to claim, chunks done, root state (ROOT_*); then one done flag per chunk.
const NEXT = 0;
const DONE = 1;
const ROOT = 2;
const FLAGS = 3;
const ROOT_READY = 1;
const BLOOM = 256;
const CHUNK = 64;
const REF = 33;

export interface WrapUpBuffers {
  control: SharedArrayBuffer;
  /** Per transaction: its receipt's depth in the trie, then its type (2 bytes per transaction). */
  shape: SharedArrayBuffer;
  /** Per transaction: the 33-byte reference to its receipt's leaf. */
  refs: SharedArrayBuffer;
  /** Per chunk: the OR of its receipts' blooms. */
  blooms: SharedArrayBuffer;
  /** The receipts root, once the control's root state is ROOT_READY. */
  root: SharedArrayBuffer;
}

let lastDepths: { n: number; depths: Uint8Array } | undefined;

function depthsFor(n: number): Uint8Array {
  if (lastDepths?.n !== n) lastDepths = { n, depths: orderedLeafDepths(n) };
  return lastDepths.depths;
}

/** Buffers for a block of `txs` (from Byzantium on: earlier receipts hold state roots the workers cannot know). */
export function wrapUpBuffers(txs: Transaction[]): WrapUpBuffers {
  const n = txs.length;
  const shape = new SharedArrayBuffer(n * 2);
  const s = new Uint8Array(shape);
  s.set(depthsFor(n));
  for (let i = 0; i < n; i++) s[n + i] = txs[i].type;
  const chunks = Math.ceil(n / CHUNK);
  return {
    control: new SharedArrayBuffer((FLAGS + chunks) * 4),
    shape,
    refs: new SharedArrayBuffer(Math.max(1, n) * REF),
    blooms: new SharedArrayBuffer(Math.max(1, chunks) * BLOOM),
    root: new SharedArrayBuffer(32),
  };
}

export class WrapUp {
  private readonly control: Int32Array;
  private readonly shape: Uint8Array;
  private readonly refs: Uint8Array;
  private readonly blooms: Uint8Array;
  private readonly rootBytes: Uint8Array;
  private readonly n: number;
  private readonly chunks: number;
  private readonly encoder = new ReceiptLeafEncoder();
  /** Test hook: exit the thread (as a crash would) right after claiming a chunk, leaving it unfinished. */
  exitOnFirstChunk = false;
  /** This thread's running gas sum: gas used by transactions [0, summedTo). Chunks are claimed in order. */
  private summedTo = 0;
  private gasSum = 0n;

  constructor(
    buffers: WrapUpBuffers,
    private readonly outcomes: Int32Array,
    private readonly table: SharedTable,
  ) {
    this.control = new Int32Array(buffers.control);
    this.shape = new Uint8Array(buffers.shape);
    this.refs = new Uint8Array(buffers.refs);
    this.blooms = new Uint8Array(buffers.blooms);
    this.rootBytes = new Uint8Array(buffers.root);
    this.n = this.shape.length >> 1;
    this.chunks = this.control.length - FLAGS;
  }

  /** Takes chunks of leaves until every chunk is claimed. Call only once every transaction is final. */
  work(): void {
    for (;;) {
      const chunk = Atomics.add(this.control, NEXT, 1);
      if (chunk >= this.chunks) {
        // No chunk finishes an empty block: its root (the empty trie's) is stored here.
        if (this.chunks === 0) this.storeRoot();
        return;
      }
      if (this.exitOnFirstChunk) process.exit(1);
      this.leaves(chunk);
    }
  }

  /** True once the thread that finished the last chunk has stored the root. */
  get rootReady(): boolean {
    return Atomics.load(this.control, ROOT) === ROOT_READY;
  }

  /**
   * Main thread, after a worker died: computes every chunk not marked done (a chunk done twice is harmless), and
   * the root if the dead thread was building it.
   */
  finishAlone(): void {
    for (let c = 0; c < this.chunks; c++) if (Atomics.load(this.control, FLAGS + c) === 0) this.leaves(c);
    if (!this.rootReady) this.storeRoot();
  }

  private storeRoot(): void {
    this.rootBytes.set(receiptsRootFromLeaves(this.n, (i) => this.refs.subarray(i * REF, i * REF + REF)));
    Atomics.store(this.control, ROOT, ROOT_READY);
  }

  private cumulativeGasBefore(i: number): bigint {
    if (i < this.summedTo) {
      this.summedTo = 0;
      this.gasSum = 0n;
    }
    for (; this.summedTo < i; this.summedTo++) {
      const at = this.outcomes[this.summedTo];
      if (outcomeKindAt(this.table, at) === OutcomeKind.Valid) this.gasSum += gasUsedAt(this.table, at);
    }
    return this.gasSum;
  }

  private leaves(chunk: number): void {
    const start = chunk * CHUNK;
    const end = Math.min(this.n, start + CHUNK);
    let cumulativeGasUsed = this.cumulativeGasBefore(start);
    const bloom = this.blooms.subarray(chunk * BLOOM, chunk * BLOOM + BLOOM);
    for (let i = start; i < end; i++) {
      const fields = receiptFieldsAt(this.table, this.outcomes[i]);
      // An invalid outcome sends the block to the sequential executor: nothing hashed here will be used.
      if (!fields.valid) break;
      cumulativeGasUsed += fields.gasUsed;
      orBloom(bloom, fields.bloom);
      const parts = {
        type: this.shape[this.n + i],
        outcome: fields.status === 1 ? STATUS_OK_ITEM : STATUS_FAILED_ITEM,
        cumulativeGasUsed,
        bloom: fields.bloom,
        encodedLogs: fields.encodedLogs,
      };
      this.encoder.referenceInto(i, this.shape[i], parts, this.refs, i * REF);
    }
    if (Atomics.compareExchange(this.control, FLAGS + chunk, 0, 1) === 0) {
      if (Atomics.add(this.control, DONE, 1) === this.chunks - 1) this.storeRoot();
    }
  }

  /** Main thread, once rootReady: the receipts root. */
  root(): Uint8Array {
    return this.rootBytes.slice();
  }

  /** Main thread, once rootReady: the OR of every receipt's bloom. */
  bloom(): Uint8Array {
    const out = new Uint8Array(BLOOM);
    for (let c = 0; c < this.chunks; c++) orBloom(out, this.blooms.subarray(c * BLOOM, c * BLOOM + BLOOM));
    return out;
  }
}
