/**
 * The in-memory database as a read-only snapshot in shared memory, so every worker reads the same base state
 * without a copy of its own. Built once per database revision and reused while the database is unchanged
 * (a benchmark re-running one pre-state builds it once).
 */
import type { Address } from "../primitives/address.js";
import type { MemoryDatabase } from "../state/memory.js";
import type { Account, StateReader } from "../state/types.js";
import { ACCOUNT_HAS_STORAGE, accountFlags, loadAccount, readWord, storeAccount, storeWord } from "./codec.js";
import { LocKind, N_OFFSET, SharedTable, type SharedTableBuffers } from "./shared-table.js";

export interface Snapshot {
  /** Unique per snapshot built in this process: workers keep their reader (and its caches) while it repeats. */
  id: number;
  buffers: SharedTableBuffers;
}

const cache = new WeakMap<MemoryDatabase, { revision: number; snapshot: Snapshot }>();
let nextId = 1;

export function snapshotOf(db: MemoryDatabase): Snapshot {
  const hit = cache.get(db);
  if (hit !== undefined && hit.revision === db.revision) return hit.snapshot;
  let locations = 0;
  let arenaBytes = 0;
  for (const [, account, storage] of db.entries()) {
    locations += 1 + storage.size;
    arenaBytes += 80 + account.code.length + storage.size * 32;
  }
  // Small values are carved from 64 KiB chunks: allow for the last one's unused tail and rounding.
  const table = SharedTable.create({ locations, nodes: locations + 256, arenaBytes: arenaBytes * 1.1 + (1 << 17) });
  for (const [address, account, storage] of db.entries()) {
    const [offset, length] = storeAccount(table, account, storage.size > 0);
    const loc = table.findOrInsert(LocKind.Account, address, 0n);
    table.setHead(loc, table.newNode(0, 0, offset, length, -1));
    for (const [slot, value] of storage) {
      const sloc = table.findOrInsert(LocKind.Storage, address, slot);
      table.setHead(sloc, table.newNode(0, 0, storeWord(table, value), 32, -1));
    }
  }
  const snapshot = { id: nextId++, buffers: table.buffers };
  cache.set(db, { revision: db.revision, snapshot });
  return snapshot;
}

/** Reads a snapshot; block hashes come from the map the executor sends with each block. */
export class SnapshotReader implements StateReader {
  private readonly table: SharedTable;
  private readonly codeCache = new Map<number, Uint8Array>();
  blockHashes: ReadonlyMap<bigint, bigint> = new Map();

  constructor(buffers: SharedTableBuffers) {
    this.table = new SharedTable(buffers);
  }

  private valueAt(loc: number): number {
    return this.table.nodeField(this.table.head(loc), N_OFFSET);
  }

  account(address: Address): Account | undefined {
    const loc = this.table.find(LocKind.Account, address, 0n);
    return loc < 0 ? undefined : loadAccount(this.table, this.valueAt(loc), this.codeCache);
  }

  storage(address: Address, slot: bigint): bigint {
    const loc = this.table.find(LocKind.Storage, address, slot);
    return loc < 0 ? 0n : readWord(this.table.arenaView, this.valueAt(loc));
  }

  hasStorage(address: Address): boolean {
    const loc = this.table.find(LocKind.Account, address, 0n);
    return loc >= 0 && (accountFlags(this.table, this.valueAt(loc)) & ACCOUNT_HAS_STORAGE) !== 0;
  }

  blockHash(number: bigint): bigint {
    return this.blockHashes.get(number) ?? 0n;
  }
}
