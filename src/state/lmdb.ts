/**
 * The persistent state database: accounts, code, storage, block hashes and the head in one LMDB environment
 * (a memory-mapped B-tree with one writer and lock-free readers across threads and processes).
 *
 * Tables are key prefixes in LMDB's one unnamed database rather than named sub-databases (see lmdb-layout.ts
 * for the layout). Why: a read-only handle must open every named database it uses inside a read transaction,
 * which lmdb-js documents as racy when several threads do it at once; the unnamed database needs no opening,
 * so any number of worker threads can open the folder concurrently. Bytewise key order keeps each table, and
 * each address's storage, contiguous, so one B-tree serves every range scan we need.
 *
 * Reads are synchronous (the EVM reads through StateReader). A block is committed in one synchronous write
 * transaction: a crash at any point leaves the previous head and state, never part of a block.
 */
import { resolve } from "node:path";
import { open as openLmdb, type RootDatabase } from "lmdb";
import type { Address } from "../primitives/address.js";
import { bytesToBigInt, bytesToHex, equalBytes } from "../primitives/hex.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";
import { DatabaseError } from "./errors.js";
import { checkFolder } from "./lmdb-folder.js";
import {
  accountKey,
  addressOfAccountKey,
  blockHashKey,
  codeKey,
  decodeAccountValue,
  decodeFormat,
  decodeHead,
  encodeAccountValue,
  encodeFormat,
  encodeHead,
  encodeSlotValue,
  encodeWord,
  FORMAT,
  FORMAT_FAMILY,
  FORMAT_KEY,
  HEAD_KEY,
  prefixEnd,
  type StoredAccount,
  type StoredHead,
  slotOfStorageKey,
  storageKey,
  storagePrefix,
  TABLE_ACCOUNT,
  tableEnd,
  tableStart,
} from "./lmdb-layout.js";
import { secureTrieRoot, stateRootFromStorageRoots } from "./trie.js";
import type { Account, BlockCommit, CommittedHead, StateDatabase } from "./types.js";

export interface LmdbDatabaseOptions {
  /**
   * Open for reading only (worker threads, other processes). The folder must already hold a database; writes
   * throw. Reads see the snapshot of their event-loop turn; call `refresh()` to see later commits sooner.
   */
  readOnly?: boolean;
  /** Block hashes not stored come from here (as MemoryDatabase's option of the same name). */
  blockHashFallback?: (n: bigint) => bigint;
  /** How many distinct contract codes to keep decoded in memory (oldest dropped first). Default 4096. */
  codeCacheEntries?: number;
}

type Store = RootDatabase<Uint8Array, Uint8Array>;

const EMPTY_CODE = new Uint8Array(0);
/** Block numbers are stored as u64 keys. */
const BLOCK_NUMBER_LIMIT = 1n << 64n;

/** A plain Uint8Array over a Buffer's bytes (no copy), so callers never see Buffer-only behaviour. */
function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class LmdbDatabase implements StateDatabase {
  readonly path: string;
  readonly readOnly: boolean;
  blockHashFallback: ((n: bigint) => bigint) | undefined;
  private readonly store: Store;
  /** Code by hex hash; code is content-addressed, so an entry never goes stale. */
  private readonly codeCache = new Map<string, Uint8Array>();
  private readonly codeCacheEntries: number;
  /** Storage roots by address, valid for the commit numbered `rootsSerial`. */
  private readonly storageRoots = new Map<Address, Uint8Array>();
  private rootsSerial = -1n;
  private closed = false;

  private constructor(path: string, store: Store, options: LmdbDatabaseOptions) {
    this.path = path;
    this.store = store;
    this.readOnly = options.readOnly ?? false;
    this.blockHashFallback = options.blockHashFallback;
    this.codeCacheEntries = options.codeCacheEntries ?? 4096;
  }

  /** Opens the database in folder `path`, creating the folder and an empty database unless `readOnly`. */
  static open(path: string, options: LmdbDatabaseOptions = {}): LmdbDatabase {
    // One absolute spelling, so messages are unambiguous whatever the working directory.
    const folder = resolve(path);
    const readOnly = options.readOnly ?? false;
    checkFolder(folder, readOnly);
    let store: Store;
    try {
      store = openLmdb<Uint8Array, Uint8Array>(folder, {
        keyEncoding: "binary",
        encoding: "binary",
        // Always a folder, even when its name has a dot (lmdb-js would otherwise take it as a file name).
        noSubdir: false,
        readOnly,
      });
    } catch (error) {
      throw new DatabaseError(
        folder,
        `LMDB cannot open it (${(error as Error).message}); check that it is a database folder this user can write`,
        { cause: error },
      );
    }
    try {
      checkFormat(folder, store, readOnly);
    } catch (error) {
      void store.close();
      throw error;
    }
    return new LmdbDatabase(folder, store, options);
  }

  account(address: Address): Account | undefined {
    const bytes = this.store.get(accountKey(address));
    if (bytes === undefined) return undefined;
    const stored = this.decodeAccount(address, bytes);
    const code = equalBytes(stored.codeHash, EMPTY_CODE_HASH) ? EMPTY_CODE : this.code(stored.codeHash);
    return { nonce: stored.nonce, balance: stored.balance, codeHash: stored.codeHash, code };
  }

  storage(address: Address, slot: bigint): bigint {
    const bytes = this.store.get(storageKey(address, slot));
    return bytes === undefined ? 0n : bytesToBigInt(bytes);
  }

  /** Zero slots are never stored, so any key in the address's range is a non-zero slot. */
  hasStorage(address: Address): boolean {
    const start = storagePrefix(address);
    for (const _ of this.store.getKeys({ start, end: prefixEnd(start), limit: 1 })) return true;
    return false;
  }

  blockHash(number: bigint): bigint {
    if (number >= 0n && number < BLOCK_NUMBER_LIMIT) {
      const bytes = this.store.get(blockHashKey(number));
      if (bytes !== undefined) return bytesToBigInt(bytes);
    }
    return this.blockHashFallback?.(number) ?? 0n;
  }

  setBlockHash(number: bigint, hash: bigint): void {
    this.checkWritable("setBlockHash");
    this.store.putSync(blockHashKey(number), encodeWord(hash));
  }

  head(): CommittedHead | undefined {
    const head = this.storedHead();
    return head === undefined ? undefined : { number: head.number, hash: head.hash };
  }

  /** Applies a block's changes as MemoryDatabase.applyChanges does, records its hash and makes it the head. */
  commitBlock(commit: BlockCommit): void {
    this.checkWritable("commitBlock");
    const { store } = this;
    let cacheWasCurrent = false;
    let serial = 0n;
    // Everything below happens in one LMDB transaction: if the process dies or anything throws part-way, LMDB
    // keeps the previous commit (the transaction is aborted, or never reaches the disk's meta page).
    store.transactionSync(() => {
      // Read inside the transaction: it sees commits other handles made since this one's read snapshot.
      const previous = this.storedHead()?.serial ?? 0n;
      cacheWasCurrent = this.rootsSerial === previous;
      serial = previous + 1n;
      for (const [address, change] of commit.changes) {
        if (change.storageCleared || change.storage.size > 0 || change.account === undefined) {
          this.storageRoots.delete(address);
        }
        if (change.storageCleared) this.clearStorage(address);
        for (const [slot, value] of change.storage) {
          const key = storageKey(address, slot);
          if (value === 0n) store.removeSync(key);
          else store.putSync(key, encodeSlotValue(value));
        }
        const account = change.account;
        if (account === undefined) {
          store.removeSync(accountKey(address));
          this.clearStorage(address);
          continue;
        }
        store.putSync(accountKey(address), encodeAccountValue(account));
        if (account.code.length > 0) {
          const key = codeKey(account.codeHash);
          if (!store.doesExist(key)) store.putSync(key, account.code);
        }
      }
      store.putSync(blockHashKey(commit.number), encodeWord(commit.hash));
      store.putSync(HEAD_KEY, encodeHead({ number: commit.number, hash: commit.hash, serial }));
    });
    // The touched addresses' roots were dropped above, so the rest of the cache holds for the new commit.
    if (cacheWasCurrent) this.rootsSerial = serial;
  }

  /**
   * Root of the whole committed state. Storage roots are cached per address; a commit drops the roots of the
   * addresses it touches, and a commit made through another handle (another thread or process) drops them all.
   */
  stateRoot(): Uint8Array {
    const serial = this.storedHead()?.serial ?? 0n;
    if (serial !== this.rootsSerial) {
      this.storageRoots.clear();
      this.rootsSerial = serial;
    }
    const accounts: Array<[Address, Account, Uint8Array]> = [];
    const range = this.store.getRange({ start: tableStart(TABLE_ACCOUNT), end: tableEnd(TABLE_ACCOUNT) });
    for (const { key, value } of range) {
      const address = addressOfAccountKey(key);
      const stored = this.decodeAccount(address, value);
      // The state trie holds the code hash only, so code is not loaded here.
      accounts.push([address, { ...stored, code: EMPTY_CODE }, this.storageRoot(address)]);
    }
    return stateRootFromStorageRoots(accounts);
  }

  /** Storage root of one address (the empty-trie root when it has no storage), from a scan of its slots. */
  storageRoot(address: Address): Uint8Array {
    let root = this.storageRoots.get(address);
    if (root === undefined) {
      const start = storagePrefix(address);
      const entries: Array<[Uint8Array, Uint8Array]> = [];
      for (const { key, value } of this.store.getRange({ start, end: prefixEnd(start) })) {
        // Values are stored without leading zeros, so rlp of the stored bytes is the trie value as it is.
        entries.push([slotOfStorageKey(key), rlpEncode(value)]);
      }
      root = secureTrieRoot(entries);
      this.storageRoots.set(address, root);
    }
    return root;
  }

  /** Every stored address in byte order, for inspection and comparison (not for hot paths). */
  addresses(): Address[] {
    const keys = this.store.getKeys({ start: tableStart(TABLE_ACCOUNT), end: tableEnd(TABLE_ACCOUNT) });
    return Array.from(keys, addressOfAccountKey);
  }

  /** Every stored slot of an address, for inspection and comparison. */
  storageOf(address: Address): Map<bigint, bigint> {
    const start = storagePrefix(address);
    const slots = new Map<bigint, bigint>();
    for (const { key, value } of this.store.getRange({ start, end: prefixEnd(start) })) {
      slots.set(bytesToBigInt(slotOfStorageKey(key)), bytesToBigInt(value));
    }
    return slots;
  }

  /** Moves reads to the latest committed snapshot now (otherwise that happens at the next event-loop turn). */
  refresh(): void {
    this.store.resetReadTxn();
  }

  /** Closes this handle; the environment itself closes when the last handle in the process does. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.store.close();
  }

  private code(codeHash: Uint8Array): Uint8Array {
    const id = bytesToHex(codeHash);
    let code = this.codeCache.get(id);
    if (code === undefined) {
      const bytes = this.store.get(codeKey(codeHash));
      if (bytes === undefined) {
        throw new DatabaseError(this.path, `code ${id} is missing though an account refers to it; ${DAMAGED}`);
      }
      code = plain(bytes);
      if (this.codeCache.size >= this.codeCacheEntries) {
        // Maps iterate in insertion order: drop the oldest entry.
        const oldest = this.codeCache.keys().next();
        if (!oldest.done) this.codeCache.delete(oldest.value);
      }
      this.codeCache.set(id, code);
    }
    return code;
  }

  private decodeAccount(address: Address, bytes: Uint8Array): StoredAccount {
    const stored = decodeAccountValue(bytes);
    if (stored === undefined) {
      throw new DatabaseError(this.path, `the record of account 0x${address.toString(16)} is malformed; ${DAMAGED}`);
    }
    return stored;
  }

  private storedHead(): StoredHead | undefined {
    const bytes = this.store.get(HEAD_KEY);
    if (bytes === undefined) return undefined;
    const head = decodeHead(bytes);
    if (head === undefined) throw new DatabaseError(this.path, `the head record is malformed; ${DAMAGED}`);
    return head;
  }

  /** Deletes every stored slot of `address`; only called inside the commit transaction. */
  private clearStorage(address: Address): void {
    const start = storagePrefix(address);
    // Collected first: deleting under an open cursor is not something to rely on.
    const keys = Array.from(this.store.getKeys({ start, end: prefixEnd(start) }));
    for (const key of keys) this.store.removeSync(key);
  }

  private checkWritable(what: string): void {
    if (this.closed) throw new DatabaseError(this.path, `${what} after close(); open the folder again`);
    if (this.readOnly) {
      throw new DatabaseError(this.path, `${what} needs a writable handle; this one was opened with readOnly`);
    }
  }
}

const DAMAGED = "the database is damaged: restore the folder from a backup or rebuild it from blocks";

/** Creates the format record in a new database; refuses databases written by something else. */
function checkFormat(folder: string, store: Store, readOnly: boolean): void {
  const format = store.get(FORMAT_KEY);
  if (format !== undefined) {
    const found = decodeFormat(format);
    if (found === FORMAT) return;
    if (found.startsWith(FORMAT_FAMILY)) {
      throw new DatabaseError(
        folder,
        `was written in format ${found}, this version reads ${FORMAT}; use a matching parevm or a new folder`,
      );
    }
  }
  let empty = true;
  for (const _ of store.getKeys({ limit: 1 })) empty = false;
  if (!empty || format !== undefined) {
    throw new DatabaseError(
      folder,
      "is an LMDB database of another program (no parevm format record); pass another folder",
    );
  }
  if (readOnly) throw new DatabaseError(folder, "holds an empty database; open it without readOnly first to create it");
  store.transactionSync(() => store.putSync(FORMAT_KEY, encodeFormat()));
}
