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
