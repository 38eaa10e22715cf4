/**
 * The state a worker's transaction reads: the newest version below it in multi-version memory, else the base
 * state. Every read is recorded (location, version) for validation. A read that meets an ESTIMATE throws
 * `BlockedOn`, caught once per incarnation by the worker loop. The beneficiary's balance includes the fees of
 * the transactions before this one, which are kept as lazy credits (one FEE version per transaction).
 *
 * Plain value transfers credit their recipient lazily too: a transaction whose recipient has no code never
 * looks at that recipient's balance, so it reads only the recipient's last full write (for its code) and
 * publishes the amount as a credit version. Whoever reads such an account in full adds the credits above the
 * full write, and validates that sum by value.
 */
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { equalBytes } from "../primitives/hex.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { Account, StateChanges, StateReader } from "../state/types.js";
import type { Transaction } from "../tx/types.js";
import { loadAccount, readWord, storeWord } from "./codec.js";
import {
  CreditSum,
  creditSumRead,
  type MvMemory,
  READ_BASE,
  READ_FEE_SUM,
  ReadResult,
  ReadStatus,
} from "./mvmemory.js";
import { FLAG_ESTIMATE, LocKind, N_NEXT, N_OFFSET, N_PACKED, N_TX, NO_VERSION_NODE } from "./shared-table.js";

/** Thrown when a read meets an ESTIMATE of transaction `tx`. */
export class BlockedOn {
  constructor(readonly tx: number) {}
}

const NO_CODE = new Uint8Array(0);

/** Sum of the FEE versions of transactions [from, k), or the transaction to wait for (as a negative - 1). */
export function feeSum(mv: MvMemory, feeLoc: number, from: number, k: number): { sum: bigint; blockedOn: number } {
  const t = mv.table;
  let sum = 0n;
  let expect = k - 1;
  let node = t.head(feeLoc);
  while (node !== NO_VERSION_NODE && expect >= from) {
    const tx = t.nodeField(node, N_TX);
    if (tx < expect) return { sum, blockedOn: expect };
    if (tx === expect) {
      const packed = t.nodeField(node, N_PACKED);
      if (packed & FLAG_ESTIMATE) return { sum, blockedOn: tx };
      sum += readWord(t.arenaView, t.nodeField(node, N_OFFSET));
      expect--;
    }
    node = t.nodeField(node, N_NEXT);
  }
  return expect >= from ? { sum, blockedOn: expect } : { sum, blockedOn: -1 };
}

/**
 * The account a transaction may credit lazily: the recipient of a value transfer, unless it is the sender or the
 * beneficiary (whose balances the transaction reads anyway). Whether the recipient has code is decided when it
 * is read.
 */
export function lazyRecipientOf(tx: Transaction, coinbase: Address): Address | undefined {
  const to = tx.to;
  return to !== undefined && tx.value > 0n && to !== tx.sender && to !== coinbase ? to : undefined;
}

/** A lazy credit an incarnation publishes instead of its recipient's account. */
export interface Credit {
  to: Address;
  amount: bigint;
}

/** The amount `after` adds to `before` when that is all that changed, else undefined. */
export function creditBetween(before: Account | undefined, after: Account | undefined): bigint | undefined {
  if (after === undefined) return undefined;
  if (before === undefined) {
    return after.nonce === 0n && after.code.length === 0 && after.balance > 0n ? after.balance : undefined;
  }
  const same = after.nonce === before.nonce && equalBytes(after.codeHash, before.codeHash);
  if (!same || after.balance <= before.balance) return undefined;
  return after.balance - before.balance;
}

export class MvView implements StateReader {
  tx = 0;
  reads = new Int32Array(3 * 256);
  readCount = 0;
  private readonly r = new ReadResult();
  private readonly clears = new Map<Address, ReadResult>();
  private readonly codeCache = new Map<number, Uint8Array>();
  private feeLoc = -1;
  private readonly credit = new CreditSum();
  /** This incarnation's lazily credited recipient, if any. */
  private lazyRecipient: Address | undefined;
  /** True once the lazy recipient was read without its credits (it has no code). */
  lazyActive = false;

  constructor(
    readonly mv: MvMemory,
    readonly base: StateReader,
    readonly coinbase: Address,
    readonly fork: Fork,
    /** Every account some transaction of the block may credit lazily: only these can have credit versions. */
    readonly creditTargets: ReadonlySet<Address> = new Set(),
  ) {}

  /** Accounts as first read by this incarnation: the write set leaves out accounts it did not change. */
  readonly seen = new Map<Address, Account | undefined>();

  /** Starts an incarnation of transaction `tx`, crediting `lazyRecipient` lazily if it turns out to have no code. */
  reset(tx: number, lazyRecipient?: Address): void {
    this.tx = tx;
    this.lazyRecipient = lazyRecipient;
    this.lazyActive = false;
    this.readCount = 0;
    this.seen.clear();
    this.clears.clear();
  }

  private record(loc: number, tx: number, extra: number): void {
    if (this.readCount + 3 > this.reads.length) {
      const grown = new Int32Array(this.reads.length * 2);
      grown.set(this.reads);
      this.reads = grown;
    }
    const r = this.reads;
    r[this.readCount++] = loc;
    r[this.readCount++] = tx;
    r[this.readCount++] = extra;
  }

  /**
   * The credit this incarnation publishes instead of its lazy recipient's account: undefined when it read no
   * recipient lazily, "impure" when it changed more of it than the balance (it must then run again in full).
   */
  lazyCreditIn(changes: StateChanges): Credit | "impure" | undefined {
    const to = this.lazyRecipient;
    if (!this.lazyActive || to === undefined) return undefined;
    const change = changes.get(to);
    if (change === undefined || change.storageCleared || change.storage.size > 0) return "impure";
    const amount = creditBetween(this.seen.get(to), change.account);
    return amount === undefined ? "impure" : { to, amount };
  }

  private resolve(kind: LocKind, address: Address, slot: bigint, out: ReadResult): number {
    const loc = this.mv.table.findOrInsert(kind, address, slot);
    this.mv.read(loc, this.tx, out);
    if (out.status === ReadStatus.Estimate) throw new BlockedOn(out.tx);
    this.record(loc, out.tx, out.incarnation);
    return loc;
  }

  account(address: Address): Account | undefined {
    const r = this.r;
    this.resolve(LocKind.Account, address, 0n, r);
    let account =
      r.status === ReadStatus.Value ? loadAccount(this.mv.table, r.offset, this.codeCache) : this.base.account(address);
    const writer = r.status === ReadStatus.Value ? r.tx : READ_BASE;
    if (address === this.coinbase) account = this.withFees(account, writer);
    else if (this.creditTargets.size > 0 && this.creditTargets.has(address)) {
      account = this.withCredits(address, account, writer);
    }
    if (!this.seen.has(address)) this.seen.set(address, account);
    return account;
  }

  /** The account with the credits above its full write, except for this incarnation's own lazy recipient. */
  private withCredits(address: Address, account: Account | undefined, writer: number): Account | undefined {
    if (address === this.lazyRecipient && (account === undefined || account.code.length === 0)) {
      this.lazyActive = true;
      return account;
    }
    const loc = this.mv.table.findOrInsert(LocKind.Credit, address, 0n);
    const d = this.credit;
    this.mv.creditSum(loc, writer, this.tx, d);
    if (d.blockedOn >= 0) throw new BlockedOn(d.blockedOn);
    this.record(creditSumRead(loc), writer, d.sum === 0n ? -1 : storeWord(this.mv.table, d.sum));
    if (d.sum === 0n) return account;
    return account === undefined
      ? { nonce: 0n, balance: d.sum, code: NO_CODE, codeHash: EMPTY_CODE_HASH }
      : { ...account, balance: account.balance + d.sum };
  }

  /** The beneficiary as sequential execution sees it: the last full write plus every later fee credit. */
  private withFees(account: Account | undefined, writer: number): Account | undefined {
    if (this.feeLoc < 0) this.feeLoc = this.mv.table.findOrInsert(LocKind.Fee, 0n, 0n);
    const from = writer === READ_BASE ? 0 : writer;
    if (from >= this.tx) return account;
    const { sum, blockedOn } = feeSum(this.mv, this.feeLoc, from, this.tx);
    if (blockedOn >= 0) throw new BlockedOn(blockedOn);
    this.record(READ_FEE_SUM, from, storeWord(this.mv.table, sum));
    const credited: Account =
      account === undefined
        ? { nonce: 0n, balance: sum, code: NO_CODE, codeHash: EMPTY_CODE_HASH }
        : { ...account, balance: account.balance + sum };
    // Each fee payment touched the beneficiary: from EIP-161 on an empty one is gone.
    const empty = credited.nonce === 0n && credited.balance === 0n && credited.code.length === 0;
    return empty && this.fork >= Fork.SpuriousDragon ? undefined : credited;
  }

  storage(address: Address, slot: bigint): bigint {
    const rc = this.clearOf(address);
    const r = this.r;
    this.resolve(LocKind.Storage, address, slot, r);
    // A clear by a later transaction than the slot's writer wipes the slot.
    if (rc.status === ReadStatus.Value && (r.status !== ReadStatus.Value || r.tx < rc.tx)) return 0n;
    if (r.status === ReadStatus.Value) return readWord(this.mv.table.arenaView, r.offset);
    return this.base.storage(address, slot);
  }

  /** Base answer unless the block cleared the address (storage written after a clear needs an account, which collides anyway). */
  hasStorage(address: Address): boolean {
    return this.clearOf(address).status === ReadStatus.Value ? false : this.base.hasStorage(address);
  }

  /** The newest clear of `address` below this transaction, resolved (and recorded) once per incarnation. */
  private clearOf(address: Address): ReadResult {
    let rc = this.clears.get(address);
    if (rc === undefined) {
      rc = new ReadResult();
      this.resolve(LocKind.Clear, address, 0n, rc);
      this.clears.set(address, rc);
    }
    return rc;
  }

  blockHash(number: bigint): bigint {
    return this.base.blockHash(number);
  }
}
