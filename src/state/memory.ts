/** In-memory state database: the pre-state of state tests and benchmarks, and the target of committed blocks. */
import type { Address } from "../primitives/address.js";
import { EMPTY_TRIE_ROOT, stateRootFromStorageRoots, storageRoot } from "./trie.js";
import type { Account, BlockCommit, CommittedHead, StateChanges, StateDatabase } from "./types.js";

const NO_STORAGE: ReadonlyMap<bigint, bigint> = new Map();

export interface MemoryDatabaseOptions {
  /** Block hashes not in the map come from here (state tests derive them from the number). */
  blockHashFallback?: (n: bigint) => bigint;
}

/**
 * Accounts and storage in maps. Stored Account objects are treated as immutable: setters store a copy, and
 * readers must not mutate what `account()` returns. Storage maps are shared between clones and copied on the
 * first write, so cloning a large pre-state for each benchmark run stays cheap.
 */
export class MemoryDatabase implements StateDatabase {
  private accounts = new Map<Address, Account>();
  private storages = new Map<Address, Map<bigint, bigint>>();
  /** Addresses whose storage map belongs to this instance alone (others may be shared with a clone). */
  private ownedStorage = new Set<Address>();
  /** Storage roots still valid since the last change of that address's storage. */
  private storageRoots = new Map<Address, Uint8Array>();
  readonly blockHashes = new Map<bigint, bigint>();
  blockHashFallback: ((n: bigint) => bigint) | undefined;
  private committedHead: CommittedHead | undefined;
  /** Bumped by every write, so derived copies (the parallel executor's shared snapshot) know when they are stale. */
  revision = 0;

  constructor(options: MemoryDatabaseOptions = {}) {
    this.blockHashFallback = options.blockHashFallback;
  }

  account(address: Address): Account | undefined {
    return this.accounts.get(address);
  }

  storage(address: Address, slot: bigint): bigint {
    return this.storages.get(address)?.get(slot) ?? 0n;
  }

  /** Maps are never kept empty and never hold zero, so any map means a non-zero slot. */
  hasStorage(address: Address): boolean {
    return this.storages.has(address);
  }

  blockHash(number: bigint): bigint {
    const known = this.blockHashes.get(number);
    if (known !== undefined) return known;
    return this.blockHashFallback?.(number) ?? 0n;
  }

  setBlockHash(number: bigint, hash: bigint): void {
    this.blockHashes.set(number, hash);
  }

  setAccount(address: Address, account: Account): void {
    this.revision++;
    const { nonce, balance, codeHash, code } = account;
    this.accounts.set(address, { nonce, balance, codeHash, code });
  }

  /** Sets one slot; 0n deletes it. */
  setStorage(address: Address, slot: bigint, value: bigint): void {
    this.revision++;
    this.storageRoots.delete(address);
    if (value === 0n) {
      const current = this.storages.get(address);
      if (current === undefined || !current.has(slot)) return;
      const map = this.writableStorage(address);
      map.delete(slot);
      if (map.size === 0) this.clearStorage(address);
      return;
    }
    this.writableStorage(address).set(slot, value);
  }

  /** Drops all storage of an address (the account itself stays). */
  clearStorage(address: Address): void {
    this.revision++;
    this.storages.delete(address);
    this.ownedStorage.delete(address);
    this.storageRoots.delete(address);
  }

  /** Removes the account and its storage. */
  deleteAccount(address: Address): void {
    this.accounts.delete(address);
    this.clearStorage(address);
  }

  /** Commits a transaction's or block's net changes. */
  applyChanges(changes: StateChanges): void {
    for (const [address, change] of changes) {
      if (change.storageCleared) this.clearStorage(address);
      for (const [slot, value] of change.storage) this.setStorage(address, slot, value);
      if (change.account === undefined) this.deleteAccount(address);
      else this.setAccount(address, change.account);
    }
  }

  /** Applies a block's changes and makes it the head (in memory, nothing can interrupt it halfway). */
  commitBlock(commit: BlockCommit): void {
    this.applyChanges(commit.changes);
    this.blockHashes.set(commit.number, commit.hash);
    this.committedHead = { number: commit.number, hash: commit.hash };
  }

  head(): CommittedHead | undefined {
    return this.committedHead;
  }

  /** State root over all accounts; storage roots are cached per address until its storage changes. */
  stateRoot(): Uint8Array {
    return stateRootFromStorageRoots(this.withStorageRoots());
  }

  /** The storage root of one address (the empty root when it has no storage). */
  storageRoot(address: Address): Uint8Array {
    let root = this.storageRoots.get(address);
    if (root === undefined) {
      const map = this.storages.get(address);
      root = map === undefined ? EMPTY_TRIE_ROOT : storageRoot(map);
      this.storageRoots.set(address, root);
    }
    return root;
  }

  /** An independent copy; storage maps are shared until either side writes to them. */
  clone(): MemoryDatabase {
    const copy = new MemoryDatabase({ blockHashFallback: this.blockHashFallback });
    copy.accounts = new Map(this.accounts);
    copy.storages = new Map(this.storages);
    copy.storageRoots = new Map(this.storageRoots);
    for (const [n, h] of this.blockHashes) copy.blockHashes.set(n, h);
    copy.committedHead = this.committedHead;
    // From now on neither side owns the shared maps; each copies before its first write.
    this.ownedStorage.clear();
    return copy;
  }

  get accountCount(): number {
    return this.accounts.size;
  }

  addresses(): IterableIterator<Address> {
    return this.accounts.keys();
  }

  /** The storage of an address, for inspection (do not keep it across writes). */
  storageOf(address: Address): ReadonlyMap<bigint, bigint> {
    return this.storages.get(address) ?? NO_STORAGE;
  }

  /** Every account with its storage, for inspection and comparison. */
  *entries(): IterableIterator<[Address, Account, ReadonlyMap<bigint, bigint>]> {
    for (const [address, account] of this.accounts) yield [address, account, this.storageOf(address)];
  }

  [Symbol.iterator](): IterableIterator<[Address, Account, ReadonlyMap<bigint, bigint>]> {
    return this.entries();
  }

  private *withStorageRoots(): IterableIterator<[Address, Account, Uint8Array]> {
    for (const [address, account] of this.accounts) yield [address, account, this.storageRoot(address)];
  }

  private writableStorage(address: Address): Map<bigint, bigint> {
    let map = this.storages.get(address);
    if (map === undefined) {
      map = new Map();
      this.storages.set(address, map);
      this.ownedStorage.add(address);
    } else if (!this.ownedStorage.has(address)) {
      map = new Map(map);
      this.storages.set(address, map);
      this.ownedStorage.add(address);
    }
    return map;
  }
}
