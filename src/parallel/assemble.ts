/**
 * Turns a finished Block-STM run into what the sequential executor produces: per-transaction outcomes in order,
 * and the block's net state changes read off multi-version memory (the newest version of every location), with
 * the beneficiary's lazily credited fees folded in.
 */
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { Account, AccountChange, StateChanges, StateReader } from "../state/types.js";
import { loadAccount, readWord } from "./codec.js";
import type { MvMemory } from "./mvmemory.js";
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
import { feeSum } from "./view.js";

interface Newest {
  tx: number;
  offset: number;
}

/** The highest-transaction live version of a location, if any. */
function newest(t: SharedTable, loc: number): Newest | undefined {
  for (let node = t.head(loc); node !== NO_VERSION_NODE; node = t.nodeField(node, N_NEXT)) {
    if ((t.nodeField(node, N_PACKED) & FLAG_DELETED) === 0) {
      return { tx: t.nodeField(node, N_TX), offset: t.nodeField(node, N_OFFSET) };
    }
  }
  return undefined;
}

interface AddressVersions {
  touched?: boolean;
  account?: Newest;
  clear?: Newest;
  slots: Array<[bigint, Newest]>;
}

/** The block's net state changes (before rewards and withdrawals), as the sequential overlay would hold them. */
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
  for (const loc of t.indices()) {
    const { kind, address, slot } = t.keyOf(loc);
    if (kind === LocKind.Fee) {
      feeLoc = loc;
      continue;
    }
    const v = newest(t, loc);
    if (v === undefined) continue;
    let entry = byAddress.get(address);
    if (entry === undefined) {
      entry = { slots: [] };
      byAddress.set(address, entry);
    }
    if (kind === LocKind.Touch) entry.touched = true;
    else if (kind === LocKind.Account) entry.account = v;
    else if (kind === LocKind.Clear) entry.clear = v;
    else entry.slots.push([slot, v]);
  }
  const codeCache = new Map<number, Uint8Array>();
  const changes: StateChanges = new Map();
  for (const [address, v] of byAddress) {
    // Storage written without an account write: the account itself is as it was before the block.
    if (v.account === undefined && v.slots.length === 0 && v.clear === undefined && v.touched !== true) continue;
    const account = v.account === undefined ? base.account(address) : loadAccount(t, v.account.offset, codeCache);
    const clearTx = v.clear?.tx ?? -1;
    const storage = new Map<bigint, bigint>();
    if (account !== undefined) {
      for (const [slot, s] of v.slots) if (s.tx >= clearTx) storage.set(slot, readWord(t.arenaView, s.offset));
    }
    changes.set(address, { account, storageCleared: account === undefined || clearTx >= 0, storage });
  }
  if (txCount > 0 && feeLoc >= 0) creditBeneficiary(mv, feeLoc, changes, base, coinbase, fork, txCount);
  return changes;
}

/** Adds the fees of every transaction after the beneficiary's last full write, as each payment would have. */
function creditBeneficiary(
  mv: MvMemory,
  feeLoc: number,
  changes: StateChanges,
  base: StateReader,
  coinbase: Address,
  fork: Fork,
  txCount: number,
): void {
  const written = changes.get(coinbase);
  const accountLoc = mv.table.find(LocKind.Account, coinbase, 0n);
  const writer = accountLoc >= 0 ? newest(mv.table, accountLoc)?.tx : undefined;
  const from = writer ?? 0;
  const { sum } = feeSum(mv, feeLoc, from, txCount);
  const before: Account | undefined = written !== undefined ? written.account : base.account(coinbase);
  const credited: Account =
    before === undefined
      ? { nonce: 0n, balance: sum, code: new Uint8Array(0), codeHash: EMPTY_CODE_HASH }
      : { ...before, balance: before.balance + sum };
  const empty = credited.nonce === 0n && credited.balance === 0n && credited.code.length === 0;
  const change: AccountChange =
    empty && fork >= Fork.SpuriousDragon
      ? { account: undefined, storageCleared: true, storage: new Map() }
      : { account: credited, storageCleared: written?.storageCleared ?? false, storage: written?.storage ?? new Map() };
  changes.set(coinbase, change);
}
