/**
 * Turns a finished Block-STM run into what the sequential executor produces: per-transaction outcomes in order,
 * and the block's net state changes read off multi-version memory (the newest version of every location), with
 * the beneficiary's lazily credited fees folded in.
 */
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { Account, StateChanges, StateReader } from "../state/types.js";
import { loadAccount, readWord } from "./codec.js";
import { CreditSum, type MvMemory } from "./mvmemory.js";
import {
  FLAG_DELETED,
  LocKind,
  N_NEXT,
  N_OFFSET,
  N_PACKED,
  N_TX,
  NO_VERSION_NODE,
  type SharedTable,
} from "./shared-table.js";

/** The live version node of a location from the highest transaction below `below`, or NO_VERSION_NODE. */
function newest(t: SharedTable, loc: number, below: number): number {
  for (let node = t.head(loc); node !== NO_VERSION_NODE; node = t.nodeField(node, N_NEXT)) {
    if ((t.nodeField(node, N_PACKED) & FLAG_DELETED) === 0 && t.nodeField(node, N_TX) < below) return node;
  }
  return NO_VERSION_NODE;
}

/** An address's newest versions, as nodes (NO_VERSION_NODE: none). */
class AddressVersions {
  touched = false;
  account = NO_VERSION_NODE;
  /** The location of the account's lazy credits, or -1. */
  creditLoc = -1;
  clear = NO_VERSION_NODE;
  slots: Array<[bigint, number]> = [];
}

/**
 * The net state changes of the block's first `txCount` transactions (before rewards and withdrawals), as the
 * sequential overlay would hold them after those transactions.
 */
export function netChanges(
  mv: MvMemory,
  base: StateReader,
  coinbase: Address,
  fork: Fork,
  txCount: number,
): StateChanges {
  const t = mv.table;
  const byAddress = new Map<Address, AddressVersions>();
  let feeLoc = -1;
  for (let k = 0, inserted = t.inserted; k < inserted; k++) {
    const loc = t.insertedAt(k);
    if (loc < 0) continue;
    const kind = t.kindOf(loc);
    if (kind === LocKind.Fee) {
      feeLoc = loc;
      continue;
    }
    const node = newest(t, loc, txCount);
    if (node === NO_VERSION_NODE) continue;
    const address = t.addressOf(loc);
    let entry = byAddress.get(address);
    if (entry === undefined) {
      entry = new AddressVersions();
      byAddress.set(address, entry);
    }
    if (kind === LocKind.Touch) entry.touched = true;
    else if (kind === LocKind.Account) entry.account = node;
    else if (kind === LocKind.Credit) entry.creditLoc = loc;
    else if (kind === LocKind.Clear) entry.clear = node;
    else entry.slots.push([t.slotOf(loc), node]);
  }
  const codeCache = new Map<number, Uint8Array>();
  const changes: StateChanges = new Map();
  const sum = new CreditSum();
  const arena = t.arenaView;
  for (const [address, v] of byAddress) {
    const written = v.account !== NO_VERSION_NODE;
    let credits = 0n;
    if (v.creditLoc >= 0) {
      mv.creditSum(v.creditLoc, written ? t.nodeField(v.account, N_TX) : -1, txCount, sum);
      credits = sum.sum;
    }
    // Storage written without an account write: the account itself is as it was before the block.
    if (!written && credits === 0n && v.slots.length === 0 && v.clear === NO_VERSION_NODE && !v.touched) continue;
    const full = written ? loadAccount(t, t.nodeField(v.account, N_OFFSET), codeCache) : base.account(address);
    const clearTx = v.clear === NO_VERSION_NODE ? -1 : t.nodeField(v.clear, N_TX);
    const storage = new Map<bigint, bigint>();
    if (full !== undefined) {
      for (const [slot, node] of v.slots) {
        if (t.nodeField(node, N_TX) >= clearTx) storage.set(slot, readWord(arena, t.nodeField(node, N_OFFSET)));
      }
    }
    // Credits to an account that never existed create it; credits after a deletion re-create it, storage gone.
    const wiped = full === undefined && (written || credits === 0n);
    const account = credited(full, credits);
    changes.set(address, { account, storageCleared: wiped || clearTx >= 0, storage });
  }
  if (txCount > 0 && feeLoc >= 0) creditBeneficiary(mv, feeLoc, changes, base, coinbase, fork, txCount);
  return changes;
}

/** `account` with `credits` added to its balance (an account that does not exist starts from nothing). */
function credited(account: Account | undefined, credits: bigint): Account | undefined {
  if (credits === 0n) return account;
  return account === undefined
    ? { nonce: 0n, balance: credits, code: new Uint8Array(0), codeHash: EMPTY_CODE_HASH }
    : { ...account, balance: account.balance + credits };
}

/** Per transaction, the value offset of its live version of a location, or -1. */
function offsetsByTx(t: SharedTable, loc: number, txCount: number): Int32Array {
  const out = new Int32Array(txCount).fill(-1);
  if (loc < 0) return out;
  for (let node = t.head(loc); node !== NO_VERSION_NODE; node = t.nodeField(node, N_NEXT)) {
    const tx = t.nodeField(node, N_TX);
    if ((t.nodeField(node, N_PACKED) & FLAG_DELETED) === 0 && tx < txCount) out[tx] = t.nodeField(node, N_OFFSET);
  }
  return out;
}

/**
 * Replays the beneficiary through the block as the sequential executor does: after each transaction, its own
 * write of the account (if any), then its fee; from EIP-161 on, an account left empty is deleted there, which
 * the block's changes remember as cleared storage.
 */
function creditBeneficiary(
  mv: MvMemory,
  feeLoc: number,
  changes: StateChanges,
  base: StateReader,
  coinbase: Address,
  fork: Fork,
  txCount: number,
): void {
  const t = mv.table;
  const writes = offsetsByTx(t, t.find(LocKind.Account, coinbase, 0n), txCount);
  const fees = offsetsByTx(t, feeLoc, txCount);
  const codeCache = new Map<number, Uint8Array>();
  // The account's other fields change only at its own writes; the balance is kept apart, so that a fee does
  // not copy the account.
  let state = base.account(coinbase);
  let balance = state?.balance ?? 0n;
  const written = changes.get(coinbase);
  const clearLoc = t.find(LocKind.Clear, coinbase, 0n);
  const clearNode = clearLoc < 0 ? NO_VERSION_NODE : newest(t, clearLoc, txCount);
  const clearTx = clearNode === NO_VERSION_NODE ? -1 : t.nodeField(clearNode, N_TX);
  let cleared = clearTx >= 0;
  let lastWipe = clearTx - 1;
  for (let i = 0; i < txCount; i++) {
    if (writes[i] >= 0) {
      state = loadAccount(t, writes[i], codeCache);
      if (state === undefined) {
        cleared = true;
        lastWipe = i;
      } else balance = state.balance;
    }
    const fee = fees[i] >= 0 ? readWord(t.arenaView, fees[i]) : 0n;
    if (state === undefined) {
      state = { nonce: 0n, balance: 0n, code: new Uint8Array(0), codeHash: EMPTY_CODE_HASH };
      balance = fee;
    } else balance += fee;
    if (fork >= Fork.SpuriousDragon && state.nonce === 0n && balance === 0n && state.code.length === 0) {
      state = undefined;
      cleared = true;
      lastWipe = i;
    }
  }
  if (state === undefined) {
    changes.set(coinbase, { account: undefined, storageCleared: true, storage: new Map() });
    return;
  }
  state = { ...state, balance };
  const storage = new Map<bigint, bigint>();
  if (written !== undefined && written.account !== undefined) {
    const slotWriters = slotWritersOf(t, coinbase, written.storage, txCount);
    for (const [slot, value] of written.storage) if ((slotWriters.get(slot) ?? -1) > lastWipe) storage.set(slot, value);
  }
  changes.set(coinbase, { account: state, storageCleared: cleared, storage });
}

/** The transaction that last wrote each of `slots` of `address`. */
function slotWritersOf(
  t: SharedTable,
  address: Address,
  slots: ReadonlyMap<bigint, bigint>,
  below: number,
): Map<bigint, number> {
  const out = new Map<bigint, number>();
  for (const slot of slots.keys()) {
    const node = newest(t, t.find(LocKind.Storage, address, slot), below);
    if (node !== NO_VERSION_NODE) out.set(slot, t.nodeField(node, N_TX));
  }
  return out;
}
