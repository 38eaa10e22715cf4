/**
 * The per-transaction state overlay: reads through to a StateReader, records every change in an undo log so a
 * failed call frame can be rolled back to a checkpoint, and tracks what EIP-2929 (warm sets), EIP-2200
 * (original values), EIP-1153 (transient storage) and EIP-161 (touched accounts) need.
 */

import type { Log } from "../evm/log.js";
import type { Address } from "../primitives/address.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { Account, AccountChange, StateChanges, StateReader } from "./types.js";

const NO_CODE = new Uint8Array(0);
/** The RIPEMD-160 precompile: its touch survives a revert (mainnet block 2675119, kept by every client). */
const RIPEMD_ADDRESS = 3n;

export class JournalAccount {
  nonce = 0n;
  balance = 0n;
  code: Uint8Array = NO_CODE;
  codeHash: Uint8Array = EMPTY_CODE_HASH;
  exists = false;
  /** Current storage values: both written and read-through (cached) slots. */
  readonly storage = new Map<bigint, bigint>();
  /** Value of each slot at the start of the transaction (read-through cache of the base). */
  readonly original = new Map<bigint, bigint>();
  readonly warmSlots = new Set<bigint>();
  transient: Map<bigint, bigint> | undefined;
  storageCleared = false;
  createdInTx = false;
  selfDestructed = false;
  touched = false;
  warm = false;
  dirty = false;
  constructor(readonly address: Address) {}
}

enum Kind {
  Balance,
  Nonce,
  Code,
  Exists,
  Storage,
  Clear,
  Touch,
  SelfDestruct,
  WarmAccount,
  WarmSlot,
  Transient,
  Refund,
  Created,
}

interface Entry {
  kind: Kind;
  account: JournalAccount | undefined;
  slot: bigint;
  prev: bigint | undefined;
  prevObj: unknown;
}

export class Journal {
  private readonly accounts = new Map<Address, JournalAccount>();
  private readonly entries: Entry[] = [];
  /** Pre-warmed addresses whose accounts were not loaded yet. */
  private readonly prewarmed = new Set<Address>();
  logs: Log[] = [];
  refund = 0n;

  constructor(readonly base: StateReader) {}

  /** The journal's view of an address, loading it from the base on first use. */
  get(address: Address): JournalAccount {
    let a = this.accounts.get(address);
    if (a === undefined) {
      a = new JournalAccount(address);
      if (this.prewarmed.has(address)) a.warm = true;
      const stored = this.base.account(address);
      if (stored !== undefined) {
        a.exists = true;
        a.nonce = stored.nonce;
        a.balance = stored.balance;
        a.code = stored.code;
        a.codeHash = stored.codeHash;
      }
      this.accounts.set(address, a);
    }
    return a;
  }

  private push(
    kind: Kind,
    account: JournalAccount | undefined,
    slot: bigint,
    prev: bigint | undefined,
    prevObj: unknown,
  ) {
    this.entries.push({ kind, account, slot, prev, prevObj });
  }

  checkpoint(): number {
    return this.entries.length;
  }

  /** Undoes every change made since `checkpoint`, logs included (logs length is kept by the caller). */
  revert(checkpoint: number): void {
    const e = this.entries;
    for (let i = e.length - 1; i >= checkpoint; i--) {
      const x = e[i];
      const a = x.account as JournalAccount;
      switch (x.kind) {
        case Kind.Balance:
          a.balance = x.prev as bigint;
          break;
        case Kind.Nonce:
          a.nonce = x.prev as bigint;
          break;
        case Kind.Code: {
          const [code, hash] = x.prevObj as [Uint8Array, Uint8Array];
          a.code = code;
          a.codeHash = hash;
          break;
        }
        case Kind.Exists:
          a.exists = false;
          break;
        case Kind.Storage:
          if (x.prev === undefined) a.storage.delete(x.slot);
          else a.storage.set(x.slot, x.prev);
          break;
        case Kind.Clear: {
          const [storage, cleared] = x.prevObj as [Map<bigint, bigint>, boolean];
          a.storage.clear();
          for (const [k, v] of storage) a.storage.set(k, v);
          a.storageCleared = cleared;
          break;
        }
        case Kind.Touch:
          if (a.address !== RIPEMD_ADDRESS) a.touched = false;
          break;
        case Kind.SelfDestruct:
          a.selfDestructed = false;
          break;
        case Kind.WarmAccount:
          a.warm = false;
          break;
        case Kind.WarmSlot:
          a.warmSlots.delete(x.slot);
          break;
        case Kind.Transient:
          if (x.prev === undefined) a.transient?.delete(x.slot);
          else a.transient?.set(x.slot, x.prev);
          break;
        case Kind.Refund:
          this.refund = x.prev as bigint;
          break;
        case Kind.Created:
          a.createdInTx = false;
          break;
      }
    }
    e.length = checkpoint;
  }

  // ---- accounts ----

  touch(a: JournalAccount): void {
    a.dirty = true;
    if (!a.touched) {
      a.touched = true;
      this.push(Kind.Touch, a, 0n, undefined, undefined);
    }
  }

  private ensureExists(a: JournalAccount): void {
    if (!a.exists) {
      a.exists = true;
      this.push(Kind.Exists, a, 0n, undefined, undefined);
    }
  }

  setBalance(a: JournalAccount, balance: bigint): void {
    this.push(Kind.Balance, a, 0n, a.balance, undefined);
    a.balance = balance;
    this.ensureExists(a);
    this.touch(a);
  }

  addBalance(a: JournalAccount, amount: bigint): void {
    this.setBalance(a, a.balance + amount);
  }

  setNonce(a: JournalAccount, nonce: bigint): void {
    this.push(Kind.Nonce, a, 0n, a.nonce, undefined);
    a.nonce = nonce;
    this.ensureExists(a);
    this.touch(a);
  }

  setCode(a: JournalAccount, code: Uint8Array, codeHash: Uint8Array): void {
    this.push(Kind.Code, a, 0n, undefined, [a.code, a.codeHash]);
    a.code = code;
    a.codeHash = codeHash;
    this.ensureExists(a);
    this.touch(a);
  }

  /** Pre-EIP-158 CALL to a missing account creates it empty. */
  createEmpty(a: JournalAccount): void {
    this.ensureExists(a);
    this.touch(a);
  }

  /** A new contract at `a`: storage from any earlier incarnation is gone; marked created for EIP-6780. */
  markCreated(a: JournalAccount): void {
    this.push(Kind.Clear, a, 0n, undefined, [new Map(a.storage), a.storageCleared]);
    a.storage.clear();
    a.storageCleared = true;
    if (!a.createdInTx) {
      a.createdInTx = true;
      this.push(Kind.Created, a, 0n, undefined, undefined);
    }
    this.ensureExists(a);
    this.touch(a);
  }

  markSelfDestructed(a: JournalAccount): void {
    if (!a.selfDestructed) {
      a.selfDestructed = true;
      this.push(Kind.SelfDestruct, a, 0n, undefined, undefined);
    }
    a.dirty = true;
  }

  /** EIP-2929: returns true if the address was already warm, and warms it. */
  warmAccount(a: JournalAccount): boolean {
    if (a.warm) return true;
    a.warm = true;
    this.push(Kind.WarmAccount, a, 0n, undefined, undefined);
    return false;
  }

  /** Warms without journaling: for the transaction's pre-warmed set, which no revert can undo. */
  prewarmAccount(a: JournalAccount): void {
    a.warm = true;
  }

  /**
   * Pre-warms an address without loading its account: it is read only if the transaction uses it. (The parallel
   * executor depends on this: loading the beneficiary would make every transaction read every earlier fee.)
   */
  prewarmAddress(address: Address): void {
    const loaded = this.accounts.get(address);
    if (loaded !== undefined) loaded.warm = true;
    else this.prewarmed.add(address);
  }

  prewarmSlot(a: JournalAccount, slot: bigint): void {
    a.warmSlots.add(slot);
  }

  warmSlot(a: JournalAccount, slot: bigint): boolean {
    if (a.warmSlots.has(slot)) return true;
    a.warmSlots.add(slot);
    this.push(Kind.WarmSlot, a, slot, undefined, undefined);
    return false;
  }

  // ---- storage ----

  sload(a: JournalAccount, slot: bigint): bigint {
    const v = a.storage.get(slot);
    if (v !== undefined) return v;
    const base = a.storageCleared ? 0n : this.originalOf(a, slot);
    a.storage.set(slot, base);
    return base;
  }

  /** The slot's value at the start of the transaction (0 for an account created in it). */
  original(a: JournalAccount, slot: bigint): bigint {
    if (a.createdInTx) return 0n;
    return this.originalOf(a, slot);
  }

  private originalOf(a: JournalAccount, slot: bigint): bigint {
    let v = a.original.get(slot);
    if (v === undefined) {
      v = a.exists || this.base.account(a.address) !== undefined ? this.base.storage(a.address, slot) : 0n;
      a.original.set(slot, v);
    }
    return v;
  }

  sstore(a: JournalAccount, slot: bigint, value: bigint): void {
    const prev = a.storage.get(slot);
    this.push(Kind.Storage, a, slot, prev, undefined);
    a.storage.set(slot, value);
    a.dirty = true;
  }

  tload(a: JournalAccount, slot: bigint): bigint {
    return a.transient?.get(slot) ?? 0n;
  }

  tstore(a: JournalAccount, slot: bigint, value: bigint): void {
    if (a.transient === undefined) a.transient = new Map();
    this.push(Kind.Transient, a, slot, a.transient.get(slot), undefined);
    a.transient.set(slot, value);
  }

  addRefund(delta: bigint): void {
    this.push(Kind.Refund, undefined, 0n, this.refund, undefined);
    this.refund += delta;
  }

  // ---- end of transaction ----

  /**
   * The transaction's net diff. Self-destructed accounts are deleted; with `deleteEmpty` (EIP-161) so is every
   * touched account left empty.
   */
  changes(deleteEmpty: boolean): StateChanges {
    const out: StateChanges = new Map();
    for (const a of this.accounts.values()) {
      if (!a.dirty) continue;
      const empty = a.nonce === 0n && a.balance === 0n && a.code.length === 0;
      if (a.selfDestructed || (deleteEmpty && a.touched && empty) || !a.exists) {
        if (this.base.account(a.address) !== undefined || a.exists) {
          out.set(a.address, { account: undefined, storageCleared: true, storage: new Map() });
        }
        continue;
      }
      const storage = new Map<bigint, bigint>();
      if (a.storageCleared) {
        for (const [k, v] of a.storage) if (v !== 0n) storage.set(k, v);
      } else {
        for (const [k, v] of a.storage) {
          if (a.original.get(k) !== v) storage.set(k, v);
        }
      }
      const account: Account = { nonce: a.nonce, balance: a.balance, code: a.code, codeHash: a.codeHash };
      const change: AccountChange = { account, storageCleared: a.storageCleared, storage };
      out.set(a.address, change);
    }
    return out;
  }
}
