/**
 * The block's wrap-up on every thread. Once every transaction is final, the main thread publishes each one's
 * cumulative gas, and all threads encode and hash the receipt leaves in chunks (the receipts trie's shape depends
 * only on the transaction count, so leaves are independent); the main thread joins them into the root. Hashing
 * the receipts is otherwise a serial tail as long as the execution of a block of plain transfers.
 */
import {
  orderedLeafDepths,
  ReceiptLeafEncoder,
  type ReceiptParts,
  receiptsRootFromLeaves,
  STATUS_FAILED_ITEM,
  STATUS_OK_ITEM,
} from "../block/receipts-trie.js";
import type { Transaction } from "../tx/types.js";
import { receiptFieldsAt } from "./outcome-codec.js";
import type { SharedTable } from "./shared-table.js";

// Control words: phase, next chunk to claim, chunks done; then one done flag per chunk.
const PHASE = 0;
const NEXT = 1;
const DONE = 2;
const FLAGS = 3;
const RUNNING = 0;
const GO = 1;
const SKIP = 2;
const CHUNK = 64;
const REF = 33;

export interface WrapUpBuffers {
  control: SharedArrayBuffer;
  /** Per transaction: cumulative gas used (BigInt64Array). */
  gas: SharedArrayBuffer;
  /** Per transaction: its receipt's depth in the trie, then its type (2 bytes per transaction). */
  shape: SharedArrayBuffer;
  /** Per transaction: the 33-byte reference to its receipt's leaf. */
  refs: SharedArrayBuffer;
}

let lastDepths: { n: number; depths: Uint8Array } | undefined;

function depthsFor(n: number): Uint8Array {
  if (lastDepths?.n !== n) lastDepths = { n, depths: orderedLeafDepths(n) };
  return lastDepths.depths;
}

/** Buffers for a block of `txs` (from Byzantium on: earlier receipts hold state roots the workers cannot know). */
export function wrapUpBuffers(txs: Transaction[]): WrapUpBuffers {
  const n = txs.length;
  const chunks = Math.ceil(n / CHUNK);
  const shape = new SharedArrayBuffer(n * 2);
  const s = new Uint8Array(shape);
  s.set(depthsFor(n));
  for (let i = 0; i < n; i++) s[n + i] = txs[i].type;
  return {
    control: new SharedArrayBuffer((FLAGS + chunks) * 4),
    gas: new SharedArrayBuffer(Math.max(1, n) * 8),
    shape,
    refs: new SharedArrayBuffer(Math.max(1, n) * REF),
  };
}

export class WrapUp {
  private readonly control: Int32Array;
  private readonly gas: BigInt64Array;
  private readonly shape: Uint8Array;
  private readonly refs: Uint8Array;
  private readonly n: number;
  private readonly chunks: number;
  private readonly encoder = new ReceiptLeafEncoder();

  constructor(
    buffers: WrapUpBuffers,
    private readonly outcomes: Int32Array,
    private readonly table: SharedTable,
  ) {
    this.control = new Int32Array(buffers.control);
    this.gas = new BigInt64Array(buffers.gas);
    this.shape = new Uint8Array(buffers.shape);
    this.refs = new Uint8Array(buffers.refs);
    this.n = this.shape.length >> 1;
    this.chunks = this.control.length - FLAGS;
  }

  /** Main thread: every outcome is final and valid; these are the cumulative gas figures. Starts the hashing. */
  start(cumulativeGas: readonly bigint[]): void {
    for (let i = 0; i < this.n; i++) this.gas[i] = cumulativeGas[i];
    Atomics.store(this.control, PHASE, GO);
    Atomics.notify(this.control, PHASE);
  }

  /** Main thread: no wrap-up for this run (it stopped, or falls back); releases the waiting workers. */
  skip(): void {
    if (Atomics.compareExchange(this.control, PHASE, RUNNING, SKIP) === RUNNING) Atomics.notify(this.control, PHASE);
  }

  /** Worker threads: waits for the main thread's decision, then takes chunks until none are left. */
  joinWhenReady(): void {
    while (Atomics.load(this.control, PHASE) === RUNNING) Atomics.wait(this.control, PHASE, RUNNING, 100);
    if (Atomics.load(this.control, PHASE) === GO) this.work();
  }

  /** Takes chunks of leaves until every chunk is claimed. */
  work(): void {
    for (;;) {
      const chunk = Atomics.add(this.control, NEXT, 1);
      if (chunk >= this.chunks) return;
      this.leaves(chunk);
    }
  }

  get finished(): boolean {
    return Atomics.load(this.control, DONE) >= this.chunks;
  }

  /** Main thread, after a worker died: computes every chunk not marked done (a chunk done twice is harmless). */
  finishAlone(): void {
    for (let c = 0; c < this.chunks; c++) if (Atomics.load(this.control, FLAGS + c) === 0) this.leaves(c);
  }

  private leaves(chunk: number): void {
    const end = Math.min(this.n, (chunk + 1) * CHUNK);
    for (let i = chunk * CHUNK; i < end; i++) {
      this.refs.set(this.encoder.reference(i, this.shape[i], this.parts(i)), i * REF);
    }
    if (Atomics.compareExchange(this.control, FLAGS + chunk, 0, 1) === 0) Atomics.add(this.control, DONE, 1);
  }

  /** Transaction i's receipt fields, read from its stored outcome (see outcome-codec.ts). */
  private parts(i: number): ReceiptParts {
    const { status, bloom, encodedLogs } = receiptFieldsAt(this.table, Atomics.load(this.outcomes, i));
    return {
      type: this.shape[this.n + i],
      outcome: status === 1 ? STATUS_OK_ITEM : STATUS_FAILED_ITEM,
      cumulativeGasUsed: BigInt.asUintN(64, this.gas[i]),
      bloom,
      encodedLogs,
    };
  }

  /** Main thread, once finished: the receipts root. */
  root(): Uint8Array {
    return receiptsRootFromLeaves(this.n, (i) => this.refs.slice(i * REF, i * REF + REF));
  }
}
