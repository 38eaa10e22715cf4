/**
 * A hash table of state locations in SharedArrayBuffers, readable and writable by every worker at once, with
 * a pool of version nodes per location and a byte arena for values. The multi-version memory and the shared
 * base-state snapshot are both built on it.
 *
 * A location is (kind, address, slot): an account's fields, one storage slot, the "storage cleared" marker of
 * an address, or the block's beneficiary fee. Keys are stored as 32-bit words (kind, then the address's 20 and
 * the slot's 32 bytes), so no strings or byte arrays are built per lookup. Lookups probe the table every time:
 * per-thread maps of known indices were measured slower than the probe they saved (a bigint-keyed map lookup,
 * and an insertion on every miss, against one hash and one or two cache lines).
 *
 * Concurrency: an entry is claimed by CAS on its state word (empty → writing → ready) and never moves or is
 * removed. Version nodes are prepended to a location's list under a per-location spinlock and then only change
 * their packed (incarnation, flags) word and value pointer; readers walk the lists without locks.
 */

export enum LocKind {
  Account = 1,
  Storage = 2,
  Clear = 3,
  Fee = 4,
  /** Written for an account a transaction changed nothing of but still reports (touched): never read. */
  Touch = 5,
  /** Lazy balance credits to an account (plain value transfers): one amount per crediting transaction. */
  Credit = 6,
}

/** Thrown when a table, node pool or arena is full: the executor falls back to sequential execution. */
export class SharedSpaceExhausted extends Error {
  override name = "SharedSpaceExhausted";
}

const EMPTY = 0;
const WRITING = 1;
const READY = 2;

// Entry: state, hash, head node, lock (META words, probed), and apart from them its key: kind, address (5 words),
// slot (8 words), read only when the hash matches. Probing thus walks 16-byte entries, four to a cache line.
const E_STATE = 0;
const E_HASH = 1;
const E_HEAD = 2;
const E_LOCK = 3;
const META = 4;
const KEY = 14;
const ENTRY = META + KEY;
// Table header: entry count, then (after the entries) the list of inserted indices in insertion order.
const T_HEADER = 2;

// Node: tx, packed (incarnation << 2 | flags), value offset, value length, next node.
export const N_TX = 0;
export const N_PACKED = 1;
export const N_OFFSET = 2;
export const N_LENGTH = 3;
export const N_NEXT = 4;
const NODE = 5;
const NODE_CHUNK = 256;
const ARENA_CHUNK = 64 * 1024;
const NO_NODE = -1;

export const FLAG_ESTIMATE = 1;
export const FLAG_DELETED = 2;

/** The SharedArrayBuffers of one table, as sent to workers. */
export interface SharedTableBuffers {
  table: SharedArrayBuffer;
  nodes: SharedArrayBuffer;
  arena: SharedArrayBuffer;
  /** [arena bump pointer, node bump counter]. */
  counters: SharedArrayBuffer;
}

export interface TableSizes {
  locations: number;
  nodes: number;
  arenaBytes: number;
}

function nextPowerOfTwo(n: number): number {
  let p = 1024;
  while (p < n) p *= 2;
  return p;
}

const M64 = 0xffffffffffffffffn;

/**
 * The key words of the location last looked up on this thread, and their hash. A view's read probes the
 * multi-version table and then, on a miss, the base snapshot with the same key: the second probe reuses it.
 */
const key = new Int32Array(14);
const keyView = new DataView(key.buffer);
let keyKind = 0;
let keyAddress = -1n;
let keySlot = -1n;
let keyHash = 0;

/**
 * Fills `key` for a location: kind, then the address (20 bytes) and the slot (32 bytes) big-endian. A DataView
 * takes 64 bits of a bigint at a time (modulo 2^64), so a 256-bit slot costs three shifts rather than sixteen
 * masks and shifts. Returns the key's hash.
 */
function keyOf(kind: number, address: bigint, slot: bigint): number {
  if (kind === keyKind && address === keyAddress && slot === keySlot) return keyHash;
  key[0] = kind;
  keyView.setUint32(4, Number(address >> 128n));
  keyView.setBigUint64(8, address >> 64n);
  keyView.setBigUint64(16, address);
  if (slot <= M64) {
    key[6] = 0;
    key[7] = 0;
    key[8] = 0;
    key[9] = 0;
    key[10] = 0;
    key[11] = 0;
  } else {
    keyView.setBigUint64(24, slot >> 192n);
    keyView.setBigUint64(32, slot >> 128n);
    keyView.setBigUint64(40, slot >> 64n);
  }
  keyView.setBigUint64(48, slot);
  keyKind = kind;
  keyAddress = address;
  keySlot = slot;
  keyHash = hashWords(key);
  return keyHash;
}

/** `bytes` big-endian bytes at byte offset `at` (a multiple of 4) as one bigint; leading zero words cost nothing. */
function bytesToWord(view: DataView, at: number, bytes: number): bigint {
  let i = at;
  const end = at + bytes;
  while (i < end && view.getUint32(i) === 0) i += 4;
  let x = 0n;
  if ((end - i) & 4) {
    x = BigInt(view.getUint32(i));
    i += 4;
  }
  for (; i < end; i += 8) x = (x << 64n) | view.getBigUint64(i);
  return x;
}

function hashWords(w: Int32Array): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < 14; i++) {
    h = Math.imul(h ^ w[i], 0x01000193);
    h ^= h >>> 15;
  }
  return h | 0;
}

export class SharedTable {
  readonly t: Int32Array;
  /** The table's words as bytes, for reading keys back as bigints. */
  private readonly view: DataView;
  readonly nodes: Int32Array;
  readonly arena: Uint8Array;
  readonly arenaView: DataView;
  readonly counters: Int32Array;
  readonly capacity: number;
  private readonly mask: number;
  private readonly listAt: number;
  private readonly keysAt: number;
  private readonly nodeCapacity: number;
  // This thread's current chunks of the arena and the node pool: threads never write into the same cache
  // lines through neighbouring allocations (that false sharing cost more than the work in measurements).
  private arenaNext = 0;
  private arenaEnd = 0;
  private nodeNext = 0;
  private nodeEnd = 0;
  constructor(readonly buffers: SharedTableBuffers) {
    this.t = new Int32Array(buffers.table);
    this.view = new DataView(buffers.table);
    this.nodes = new Int32Array(buffers.nodes);
    this.arena = new Uint8Array(buffers.arena);
    this.arenaView = new DataView(buffers.arena);
    this.counters = new Int32Array(buffers.counters);
    this.capacity = (this.t.length - T_HEADER) / (ENTRY + 1);
    this.keysAt = T_HEADER + this.capacity * META;
    this.listAt = T_HEADER + this.capacity * ENTRY;
    this.mask = this.capacity - 1;
    this.nodeCapacity = Math.floor(this.nodes.length / NODE);
  }

  static create(sizes: TableSizes): SharedTable {
    const capacity = nextPowerOfTwo(sizes.locations * 2);
    const buffers: SharedTableBuffers = {
      table: new SharedArrayBuffer((T_HEADER + capacity * ENTRY + capacity) * 4),
      nodes: new SharedArrayBuffer(Math.max(1, sizes.nodes) * NODE * 4),
      arena: new SharedArrayBuffer(Math.max(64, sizes.arenaBytes)),
      counters: new SharedArrayBuffer(8),
    };
    return new SharedTable(buffers);
  }

  /** Room in this table's buffers, for deciding whether they can be reused for a block. */
  get sizes(): TableSizes {
    return { locations: (this.capacity * 3) / 8, nodes: this.nodeCapacity, arenaBytes: this.arena.length };
  }

  /**
   * Empties the table for reuse by the next block: only the entries that were used are cleared. Reusing
   * buffers matters: the first touch of each page of a fresh buffer faults, and with several threads faulting
   * at once that cost grew tenfold in measurements.
   */
  reset(): void {
    const t = this.t;
    const count = Math.min(this.count, this.capacity);
    for (let k = 0; k < count; k++) {
      const i = t[this.listAt + k] - 1;
      if (i >= 0) {
        t[T_HEADER + i * META + E_STATE] = EMPTY;
        t[T_HEADER + i * META + E_LOCK] = 0;
      }
    }
    t[0] = 0;
    this.counters[0] = 0;
    this.counters[1] = 0;
    this.arenaNext = this.arenaEnd = this.nodeNext = this.nodeEnd = 0;
  }

  get count(): number {
    return Atomics.load(this.t, 0);
  }

  /** Index of the location, or -1 when it was never inserted. */
  find(kind: LocKind, address: bigint, slot: bigint): number {
    return this.probe(kind, address, slot, false);
  }

  /** Index of the location, inserting it when new. */
  findOrInsert(kind: LocKind, address: bigint, slot: bigint): number {
    return this.probe(kind, address, slot, true);
  }

  private probe(kind: LocKind, address: bigint, slot: bigint, insert: boolean): number {
    const hash = keyOf(kind, address, slot);
    const t = this.t;
    for (let i = hash & this.mask, n = 0; n < this.capacity; i = (i + 1) & this.mask, n++) {
      const at = T_HEADER + i * META;
      const keyAt = this.keysAt + i * KEY;
      let state = Atomics.load(t, at + E_STATE);
      if (state === EMPTY) {
        if (!insert) return -1;
        state = Atomics.compareExchange(t, at + E_STATE, EMPTY, WRITING);
        if (state === EMPTY) {
          // Ours: at most 3/4 full, so probes stay short and a missing key always meets an empty entry.
          // Listed before the fullness check, so that reset() clears this entry even when the run stops here.
          const ordinal = Atomics.add(t, 0, 1);
          Atomics.store(t, this.listAt + ordinal, i + 1);
          if (ordinal + 1 > (this.capacity * 3) / 4) throw new SharedSpaceExhausted("location table is full");
          t[at + E_HASH] = hash;
          t[at + E_HEAD] = NO_NODE;
          for (let k = 0; k < KEY; k++) t[keyAt + k] = key[k];
          Atomics.store(t, at + E_STATE, READY);
          return i;
        }
      }
      // Another worker may be writing this entry's key: wait until it is readable.
      while (state === WRITING) state = Atomics.load(t, at + E_STATE);
      if (t[at + E_HASH] !== hash) continue;
      let same = true;
      for (let k = 0; k < KEY; k++) {
        if (t[keyAt + k] !== key[k]) {
          same = false;
          break;
        }
      }
      if (same) {
        return i;
      }
    }
    throw new SharedSpaceExhausted("location table is full");
  }

  /** Entries inserted so far; `insertedAt(k)` for k below it lists them in insertion order. */
  get inserted(): number {
    return Math.min(this.count, this.capacity);
  }

  /** The index of the k-th inserted entry, or -1 (an insertion that stopped on a full table). */
  insertedAt(k: number): number {
    return Atomics.load(this.t, this.listAt + k) - 1;
  }

  kindOf(index: number): LocKind {
    return this.t[this.keysAt + index * KEY] as LocKind;
  }

  addressOf(index: number): bigint {
    return bytesToWord(this.view, (this.keysAt + index * KEY + 1) * 4, 20);
  }

  slotOf(index: number): bigint {
    return bytesToWord(this.view, (this.keysAt + index * KEY + 6) * 4, 32);
  }

  head(index: number): number {
    return Atomics.load(this.t, T_HEADER + index * META + E_HEAD);
  }

  lock(index: number): void {
    const at = T_HEADER + index * META + E_LOCK;
    while (Atomics.compareExchange(this.t, at, 0, 1) !== 0) {
      // Critical sections are a few stores long; spinning is cheaper than sleeping.
    }
  }

  unlock(index: number): void {
    Atomics.store(this.t, T_HEADER + index * META + E_LOCK, 0);
  }

  /** A new version node linked before `next` (the caller links it in, holding the location's lock). */
  newNode(tx: number, packed: number, offset: number, length: number, next: number): number {
    if (this.nodeNext >= this.nodeEnd) {
      this.nodeNext = Atomics.add(this.counters, 1, NODE_CHUNK);
      this.nodeEnd = this.nodeNext + NODE_CHUNK;
    }
    const node = this.nodeNext++;
    if (node >= this.nodeCapacity) throw new SharedSpaceExhausted("version node pool is full");
    const n = this.nodes;
    const at = node * NODE;
    n[at + N_TX] = tx;
    n[at + N_OFFSET] = offset;
    n[at + N_LENGTH] = length;
    n[at + N_NEXT] = next;
    Atomics.store(n, at + N_PACKED, packed);
    return node;
  }

  setHead(index: number, node: number): void {
    Atomics.store(this.t, T_HEADER + index * META + E_HEAD, node);
  }

  nodeField(node: number, field: number): number {
    return Atomics.load(this.nodes, node * NODE + field);
  }

  setNodeField(node: number, field: number, value: number): void {
    Atomics.store(this.nodes, node * NODE + field, value);
  }

  /** Reserves `length` bytes of the arena. */
  allocate(length: number): number {
    let offset: number;
    if (length > ARENA_CHUNK / 8) {
      // Large values (code) go straight to the shared pointer: a chunk would waste its tail on them.
      offset = Atomics.add(this.counters, 0, length);
    } else {
      if (this.arenaNext + length > this.arenaEnd) {
        this.arenaNext = Atomics.add(this.counters, 0, ARENA_CHUNK);
        this.arenaEnd = this.arenaNext + ARENA_CHUNK;
      }
      offset = this.arenaNext;
      this.arenaNext += length;
    }
    if (offset + length > this.arena.length) throw new SharedSpaceExhausted("value arena is full");
    return offset;
  }
}

export const NO_VERSION_NODE = NO_NODE;
