/**
 * Block-STM multi-version memory in shared memory: for every location, the versions written by transactions
 * (transaction index, incarnation, value or ESTIMATE), kept in descending transaction order so a read by
 * transaction k walks from the newest writer down to the first one below k. Each transaction's last write set
 * and read set live in the shared arena too, so any worker can validate any transaction.
 */
import { readWord } from "./codec.js";
import {
  FLAG_DELETED,
  FLAG_ESTIMATE,
  N_LENGTH,
  N_NEXT,
  N_OFFSET,
  N_PACKED,
  N_TX,
  NO_VERSION_NODE,
  type SharedTable,
} from "./shared-table.js";

export const READ_BASE = -1;
/** A read of the sum of beneficiary fees paid by transactions from `vtx` on (value-validated). */
export const READ_FEE_SUM = -2;
/**
 * A read of the credits at credit location `loc` by transactions above `vtx` (the account's full writer, or
 * READ_BASE), recorded as `creditSumRead(loc)` in the location field and validated by value.
 */
export function creditSumRead(loc: number): number {
  return -3 - loc;
}
/** The credit location of a `creditSumRead` entry, or -1 for any other entry. */
export function creditSumLocation(entry: number): number {
  return entry <= -3 ? -3 - entry : -1;
}

/** Result of `creditSum`: the credits found, or the transaction whose credit is being recomputed. */
export class CreditSum {
  sum = 0n;
  blockedOn = -1;
}

export enum ReadStatus {
  /** No transaction below k wrote the location: read the base state. */
  Base = 0,
  Value = 1,
  /** The writer's value is being recomputed: wait for transaction `tx`. */
  Estimate = 2,
}

/** Result of the last `read`: fields instead of an object, so the hot path allocates nothing. */
export class ReadResult {
  status: ReadStatus = ReadStatus.Base;
  tx = -1;
  incarnation = 0;
  offset = 0;
  length = 0;
}

/** An empty list, shared: nothing writes into a list read back from the arena. */
const NO_LOCATIONS = new Int32Array(0);

export class MvMemory {
  /** Per transaction: arena offset of its last write set (list of location indices), or -1. */
  readonly writeSets: Int32Array;
  /** Per transaction: arena offset of its last read set, or -1. */
  readonly readSets: Int32Array;
  /**
   * Per transaction: arena offset of the locations a write in progress may touch (equal to `writeSets` once it
   * is done). A thread that dies halfway leaves them here, for the incarnation's next run to clean up.
   */
  readonly pendingSets: Int32Array;

  constructor(
    readonly table: SharedTable,
    perTx: SharedArrayBuffer,
    readonly txCount: number,
  ) {
    this.writeSets = new Int32Array(perTx, 0, txCount);
    this.readSets = new Int32Array(perTx, txCount * 4, txCount);
    this.pendingSets = new Int32Array(perTx, txCount * 8, txCount);
  }

  /** Test hook: exit the thread (as a crash would) after the next location `record` writes. */
  exitAfterFirstWrite = false;

  static perTxBuffer(txCount: number): SharedArrayBuffer {
    const sab = new SharedArrayBuffer(Math.max(1, txCount) * 12);
    new Int32Array(sab).fill(-1);
    return sab;
  }

  /** The newest version below transaction `k` of location `loc`, into `out`. */
  read(loc: number, k: number, out: ReadResult): void {
    const t = this.table;
    let node = t.head(loc);
    while (node !== NO_VERSION_NODE) {
      const tx = t.nodeField(node, N_TX);
      if (tx < k) {
        const packed = t.nodeField(node, N_PACKED);
        if ((packed & FLAG_DELETED) === 0) {
          out.tx = tx;
          out.incarnation = packed >>> 2;
          if (packed & FLAG_ESTIMATE) {
            out.status = ReadStatus.Estimate;
            return;
          }
          out.offset = t.nodeField(node, N_OFFSET);
          out.length = t.nodeField(node, N_LENGTH);
          // The value pointer is written before the packed word; re-check that both belong together.
          if (t.nodeField(node, N_PACKED) !== packed) continue;
          out.status = ReadStatus.Value;
          return;
        }
      }
      node = t.nodeField(node, N_NEXT);
    }
    out.status = ReadStatus.Base;
    out.tx = READ_BASE;
    out.incarnation = 0;
  }

  /** Sum of the live credits at `loc` by transactions in (from, k), into `out` (blockedOn >= 0: an ESTIMATE). */
  creditSum(loc: number, from: number, k: number, out: CreditSum): void {
    const t = this.table;
    out.sum = 0n;
    out.blockedOn = -1;
    for (let node = t.head(loc); node !== NO_VERSION_NODE; node = t.nodeField(node, N_NEXT)) {
      const tx = t.nodeField(node, N_TX);
      if (tx <= from) return;
      if (tx >= k) continue;
      const packed = t.nodeField(node, N_PACKED);
      if ((packed & FLAG_DELETED) !== 0) continue;
      if (packed & FLAG_ESTIMATE) {
        out.blockedOn = tx;
        return;
      }
      const offset = t.nodeField(node, N_OFFSET);
      if (t.nodeField(node, N_PACKED) !== packed) {
        out.blockedOn = tx;
        return;
      }
      out.sum += readWord(t.arenaView, offset);
    }
  }

  /** The transactions in (from, k) with a live credit at `loc`. */
  creditorsOf(loc: number, from: number, k: number): number[] {
    const t = this.table;
    const out: number[] = [];
    for (let node = t.head(loc); node !== NO_VERSION_NODE; node = t.nodeField(node, N_NEXT)) {
      const tx = t.nodeField(node, N_TX);
      const packed = t.nodeField(node, N_PACKED);
      if (tx > from && tx < k && (packed & FLAG_DELETED) === 0) out.push(tx);
    }
    return out;
  }

  /** Transaction `tx`'s own node at `loc`, or -1. */
  private nodeOf(loc: number, tx: number): number {
    const t = this.table;
    for (let node = t.head(loc); node !== NO_VERSION_NODE; node = t.nodeField(node, N_NEXT)) {
      const at = t.nodeField(node, N_TX);
      if (at === tx) return node;
      if (at < tx) return -1;
    }
    return -1;
  }

  /**
   * Publishes the write set of incarnation `incarnation` of `tx`: `locs[i]` gets the value at
   * `offsets[i]`/`lengths[i]`. Locations of the previous write set not written now are marked deleted.
   * Returns true when a location outside the previous write set was written (validation must then restart
   * above `tx`).
   */
  record(tx: number, incarnation: number, locs: number[], offsets: number[], lengths: number[]): boolean {
    const t = this.table;
    const committedAt = Atomics.load(this.writeSets, tx);
    const pendingAt = Atomics.load(this.pendingSets, tx);
    const previous = this.listAt(committedAt);
    // Left by a run of this transaction that died while publishing: possibly written, never committed.
    const stale = pendingAt === committedAt ? previous : this.listAt(pendingAt);
    const earlier = stale === previous ? previous : [...new Set([...previous, ...stale])];
    // A first incarnation (the common case) has nothing earlier to compare with: no set is built then.
    const now = earlier.length === 0 ? undefined : new Set(locs);
    const cover = earlier.length === 0 ? locs : [...new Set([...earlier, ...locs])];
    const coverAt = this.storeList(cover);
    Atomics.store(this.pendingSets, tx, coverAt);
    let wroteNew = false;
    const packed = incarnation << 2;
    for (let i = 0; i < locs.length; i++) {
      const loc = locs[i];
      t.lock(loc);
      try {
        const own = this.nodeOf(loc, tx);
        if (own !== -1) {
          t.setNodeField(own, N_OFFSET, offsets[i]);
          t.setNodeField(own, N_LENGTH, lengths[i]);
          t.setNodeField(own, N_PACKED, packed);
        } else {
          this.insertSorted(loc, tx, packed, offsets[i], lengths[i]);
        }
      } finally {
        t.unlock(loc);
      }
      if (this.exitAfterFirstWrite) process.exit(1);
      if (!wroteNew && !previous.includes(loc)) wroteNew = true;
    }
    for (const loc of earlier) {
      if (now?.has(loc)) continue;
      const own = this.nodeOf(loc, tx);
      if (own !== -1) t.setNodeField(own, N_PACKED, packed | FLAG_DELETED);
    }
    const doneAt = cover === locs ? coverAt : this.storeList(locs);
    Atomics.store(this.writeSets, tx, doneAt);
    Atomics.store(this.pendingSets, tx, doneAt);
    return wroteNew;
  }

  private insertSorted(loc: number, tx: number, packed: number, offset: number, length: number): void {
    const t = this.table;
    let prev = NO_VERSION_NODE;
    let next = t.head(loc);
    while (next !== NO_VERSION_NODE && t.nodeField(next, N_TX) > tx) {
      prev = next;
      next = t.nodeField(next, N_NEXT);
    }
    const node = t.newNode(tx, packed, offset, length, next);
    if (prev === NO_VERSION_NODE) t.setHead(loc, node);
    else t.setNodeField(prev, N_NEXT, node);
  }

  /**
   * Marks every location of `tx`'s last write set as ESTIMATE (its incarnation was aborted), including what a
   * run that died while publishing may have written.
   */
  convertWritesToEstimates(tx: number): void {
    const t = this.table;
    for (const loc of this.locationsOf(this.pendingSets, tx)) {
      const own = this.nodeOf(loc, tx);
      if (own === -1) continue;
      const packed = t.nodeField(own, N_PACKED);
      if ((packed & FLAG_DELETED) === 0) t.setNodeField(own, N_PACKED, packed | FLAG_ESTIMATE);
    }
  }

  /** Stores an incarnation's read set: triples (location or READ_FEE_SUM, version tx, incarnation or extra). */
  recordReads(tx: number, reads: Int32Array, count: number): void {
    const t = this.table;
    const at = t.allocate(4 + count * 4);
    const view = t.arenaView;
    view.setInt32(at, count);
    for (let i = 0; i < count; i++) view.setInt32(at + 4 + i * 4, reads[i]);
    Atomics.store(this.readSets, tx, at);
  }

  /** The last recorded read set of `tx` as a flat list of triples. */
  readsOf(tx: number): Int32Array {
    return this.listAt(Atomics.load(this.readSets, tx));
  }

  /** Location indices of `tx`'s last write set. */
  writtenLocations(tx: number): number[] {
    return Array.from(this.locationsOf(this.writeSets, tx));
  }

  private locationsOf(list: Int32Array, tx: number): Int32Array {
    return this.listAt(Atomics.load(list, tx));
  }

  private listAt(at: number): Int32Array {
    if (at < 0) return NO_LOCATIONS;
    const view = this.table.arenaView;
    const count = view.getInt32(at);
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getInt32(at + 4 + i * 4);
    return out;
  }

  private storeList(locs: ArrayLike<number>): number {
    const t = this.table;
    const at = t.allocate(4 + locs.length * 4);
    const view = t.arenaView;
    view.setInt32(at, locs.length);
    for (let i = 0; i < locs.length; i++) view.setInt32(at + 4 + i * 4, locs[i]);
    return at;
  }
}
