/**
 * Values in a shared arena: 256-bit words as four big-endian 64-bit limbs, and accounts as
 * [flags, nonce (8), balance (32), code hash (32), code length (4), code]. Flags: bit 0 the account exists,
 * bit 1 it has storage (used by the base-state snapshot for EIP-7610 collision checks).
 */
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { Account } from "../state/types.js";
import type { SharedTable } from "./shared-table.js";

const M64 = 0xffffffffffffffffn;
export const ACCOUNT_EXISTS = 1;
export const ACCOUNT_HAS_STORAGE = 2;
const ACCOUNT_FIXED = 1 + 8 + 32 + 32 + 4;

export function writeWord(view: DataView, at: number, value: bigint): void {
  // Most words (gas, nonces, balances, counters) fit in one limb: no shifts then.
  if (value <= M64 && value >= 0n) {
    view.setBigUint64(at, 0n);
    view.setBigUint64(at + 8, 0n);
    view.setBigUint64(at + 16, 0n);
    view.setBigUint64(at + 24, value);
    return;
  }
  view.setBigUint64(at, (value >> 192n) & M64);
  view.setBigUint64(at + 8, (value >> 128n) & M64);
  view.setBigUint64(at + 16, (value >> 64n) & M64);
  view.setBigUint64(at + 24, value & M64);
}

export function readWord(view: DataView, at: number): bigint {
  const a = view.getBigUint64(at);
  const b = view.getBigUint64(at + 8);
  const c = view.getBigUint64(at + 16);
  const d = view.getBigUint64(at + 24);
  if (a === 0n && b === 0n && c === 0n) return d;
  return (a << 192n) | (b << 128n) | (c << 64n) | d;
}

/** Stores a word; returns its arena offset. */
export function storeWord(table: SharedTable, value: bigint): number {
  const at = table.allocate(32);
  writeWord(table.arenaView, at, value);
  return at;
}

/** Stores an account (undefined = deleted); returns [offset, length]. */
export function storeAccount(table: SharedTable, account: Account | undefined, hasStorage = false): [number, number] {
  if (account === undefined) {
    const at = table.allocate(1);
    table.arena[at] = 0;
    return [at, 1];
  }
  const length = ACCOUNT_FIXED + account.code.length;
  const at = table.allocate(length);
  const view = table.arenaView;
  table.arena[at] = ACCOUNT_EXISTS | (hasStorage ? ACCOUNT_HAS_STORAGE : 0);
  view.setBigUint64(at + 1, account.nonce);
  writeWord(view, at + 9, account.balance);
  table.arena.set(account.codeHash, at + 41);
  view.setUint32(at + 73, account.code.length);
  table.arena.set(account.code, at + 77);
  return [at, length];
}

/**
 * Reads an account back. Code is copied out of shared memory once per stored value through `codeCache`, keyed
 * by arena offset (hash-wasm and other consumers want ordinary buffers; a stored value never changes).
 */
export function loadAccount(table: SharedTable, at: number, codeCache: Map<number, Uint8Array>): Account | undefined {
  const flags = table.arena[at];
  if ((flags & ACCOUNT_EXISTS) === 0) return undefined;
  const view = table.arenaView;
  const codeLength = view.getUint32(at + 73);
  // An account without code has the empty code's hash: the shared constant, not a copy per account.
  let code: Uint8Array = EMPTY;
  let codeHash: Uint8Array = EMPTY_CODE_HASH;
  if (codeLength > 0) {
    let cached = codeCache.get(at);
    if (cached === undefined) {
      cached = table.arena.slice(at + 77, at + 77 + codeLength);
      codeCache.set(at, cached);
    }
    code = cached;
    codeHash = table.arena.slice(at + 41, at + 73);
  }
  return { nonce: view.getBigUint64(at + 1), balance: readWord(view, at + 9), codeHash, code };
}

export function accountFlags(table: SharedTable, at: number): number {
  return table.arena[at];
}

const EMPTY = new Uint8Array(0);
