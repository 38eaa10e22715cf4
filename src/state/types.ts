/** The synchronous state interface the EVM reads through, and the state diff a transaction produces. */
import type { Address } from "../primitives/address.js";

/** An account as stored: code is kept beside its hash so execution never waits for it. */
export interface Account {
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  code: Uint8Array;
}

/**
 * What the interpreter and per-transaction code may read. Synchronous by design: sequential execution plugs
 * in an overlay over the database, a parallel worker plugs in a view over multi-version memory.
 */
export interface StateReader {
  /** The account, or undefined if it does not exist. */
  account(address: Address): Account | undefined;
  /** The storage value (0n when absent). */
  storage(address: Address, slot: bigint): bigint;
  /** True when the account has any non-zero storage slot (CREATE address collision, EIP-7610). */
  hasStorage(address: Address): boolean;
  /** Hash of block `number` (as a word), or 0n when unknown or out of the 256-block window. */
  blockHash(number: bigint): bigint;
}

/** One account's net change within a transaction or block. */
export interface AccountChange {
  /** The account after the change; undefined when it was deleted (self-destructed or an empty touched one). */
  account: Account | undefined;
  /** True when all prior storage is gone (destroyed, or created anew over a destroyed one). */
  storageCleared: boolean;
  /** Changed slots (value 0n = deleted). */
  storage: Map<bigint, bigint>;
}

export type StateChanges = Map<Address, AccountChange>;

export function isEmptyAccount(a: Account): boolean {
  return a.nonce === 0n && a.balance === 0n && a.code.length === 0;
}

/** The head a database was last committed at. */
export interface CommittedHead {
  number: bigint;
  /** Block hash as a word. */
  hash: bigint;
}

/** One block's worth of net changes, committed as a unit. */
export interface BlockCommit {
  number: bigint;
  /** Hash of the committed block, as a word; recorded for BLOCKHASH and as the new head. */
  hash: bigint;
  changes: StateChanges;
}

/**
 * A state database blocks are committed to: the in-memory one and the persistent one (LMDB) both are.
 * `commitBlock` is atomic: afterwards either the whole block is visible or none of it.
 */
export interface StateDatabase extends StateReader {
  commitBlock(commit: BlockCommit): void;
  /** The last committed block, or undefined before the first commit. */
  head(): CommittedHead | undefined;
  /** Root of the whole committed state (secure Merkle-Patricia trie). */
  stateRoot(): Uint8Array;
  /** Records an ancestor's hash for BLOCKHASH (fixtures that carry hashes of blocks they do not include). */
  setBlockHash(number: bigint, hash: bigint): void;
}
