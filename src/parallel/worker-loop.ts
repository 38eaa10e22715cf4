/**
 * One worker's share of a block (Block-STM's run loop): take a task from the shared scheduler, execute or
 * validate, repeat until the scheduler is done. The main thread and every worker thread run this same code;
 * executing a transaction is `executeTransaction`, the sequential executor's own function, over an MvView.
 */
import type { BlockEnv } from "../block/env.js";
import { executeTransaction } from "../block/transaction.js";
import type { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { equalBytes } from "../primitives/hex.js";
import { StateOverlay } from "../state/overlay.js";
import type { Account, StateChanges, StateReader } from "../state/types.js";
import type { Transaction } from "../tx/types.js";
import { readWord, storeAccount, storeWord } from "./codec.js";
import { CreditSum, creditSumLocation, MvMemory, READ_FEE_SUM, ReadResult, ReadStatus } from "./mvmemory.js";
import { OutcomeKind, storeFailedOutcome, storeValidOutcome } from "./outcome-codec.js";
import { Scheduler, type Task, TaskKind, TxStatus } from "./scheduler.js";
import { LocKind, SharedSpaceExhausted, SharedTable, type SharedTableBuffers } from "./shared-table.js";
import { type SharedTransactions, TransactionReader } from "./tx-codec.js";
import { BlockedOn, type Credit, feeSum, lazyRecipientOf, MvView } from "./view.js";
import { WrapUp, type WrapUpBuffers } from "./wrap-up.js";

/** For each transaction, the previous one from the same sender (its nonce predecessor), or -1. */
export function previousFromSender(txs: Transaction[]): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(Math.max(1, txs.length) * 4);
  const out = new Int32Array(sab);
  const last = new Map<bigint, number>();
  for (let i = 0; i < txs.length; i++) {
    out[i] = last.get(txs[i].sender) ?? -1;
    last.set(txs[i].sender, i);
  }
  return sab;
}

function sameAccount(a: Account | undefined, b: Account | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.nonce === b.nonce && a.balance === b.balance && equalBytes(a.codeHash, b.codeHash);
}

/** Everything a worker needs for one block: shared buffers plus the block's plain data. */
export interface SharedBlock {
  scheduler: SharedArrayBuffer;
  table: SharedTableBuffers;
  perTx: SharedArrayBuffer;
  /** Per transaction: arena offset of its last outcome. */
  outcomes: SharedArrayBuffer;
  /** Per transaction: duration of its last execution in ms (Float64Array), for the critical-path estimate. */
  durations: SharedArrayBuffer;
  /** Per transaction: duration of its last validation in ms (Float64Array), for the scaling model. */
  validationDurations: SharedArrayBuffer;
  transactions: SharedTransactions;
  previousFromSender: SharedArrayBuffer;
  env: BlockEnv;
  fork: Fork;
  /** Changes made before the first transaction (the beacon-roots call). */
  preChanges: StateChanges;
  /** Record a trace of every incarnation and validation. */
  trace: boolean;
  /** The receipts-hashing wrap-up (from Byzantium on; see wrap-up.ts). */
  wrapUp?: WrapUpBuffers;
  /** Every recipient some transaction may credit lazily (`lazyRecipientOf`). */
  creditTargets: Address[];
  /** Per thread (main = 0): the task it holds, so that another thread can finish it if it dies (`Claim`). */
  claims: SharedArrayBuffer;
}

/**
 * What a thread holds, in its claim slot: a task it may be killed in the middle of (anyone may run it again:
 * an incarnation's writes are replaced by the next run of the same incarnation), or a scheduler transition,
 * which is not safe to repeat or to skip.
 */
export enum Claim {
  Idle = 0,
  Execute = 1,
  Validate = 2,
  /** A validation that aborted the transaction; its writes still have to become ESTIMATEs. */
  Aborting = 3,
  InTransit = 4,
}
const CLAIM_WORDS = 4;

export function claimsBuffer(threads: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(1, threads) * CLAIM_WORDS * 4);
}

/**
 * The accounts the block's transactions credit lazily: recipients of more than one value transfer. (A single
 * transfer gains nothing from it: whoever reads that account afterwards depends on that transaction anyway.)
 */
export function creditTargetsOf(txs: Transaction[], coinbase: Address): Address[] {
  const seen = new Set<Address>();
  const out = new Set<Address>();
  for (const tx of txs) {
    const to = lazyRecipientOf(tx, coinbase);
    if (to === undefined) continue;
    if (seen.has(to)) out.add(to);
    else seen.add(to);
  }
  return [...out];
}

/** Per-thread statistics, summed by the executor. */
export interface WorkerCounters {
  executions: number;
  validations: number;
  aborts: number;
  suspensions: number;
  /** With tracing: flat records of TRACE_FIELDS numbers (kind, tx, incarnation, start, end, result). */
  trace?: number[];
}

/** Numbers per trace record: kind (1 execute, 2 validate), tx, incarnation, start and end (ms, absolute), result. */
export const TRACE_FIELDS = 6;
/** Trace results: an execution finished, was suspended on a dependency, or crashed; a validation passed/aborted. */
export enum TraceResult {
  Done = 0,
  Suspended = 1,
  Crashed = 2,
  Aborted = 3,
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Why the main thread stops a run that behaves as a chain of dependencies. */
export const CHAIN_FALLBACK = "the transactions form a dependency chain";

export function newCounters(): WorkerCounters {
  return { executions: 0, validations: 0, aborts: 0, suspensions: 0 };
}

export class BlockWorker {
  readonly table: SharedTable;
  readonly mv: MvMemory;
  readonly scheduler: Scheduler;
  readonly outcomes: Int32Array;
  private readonly durations: Float64Array;
  private readonly validationDurations: Float64Array;
  private readonly view: MvView;
  private readonly check = new ReadResult();
  private readonly checkCredit = new CreditSum();
  private readonly feeLoc: number;
  readonly counters = newCounters();
  /** For each transaction, the previous one from the same sender (its nonce predecessor), or -1. */
  private readonly previousFromSender: Int32Array;

  /** The transactions: the caller's objects on the main thread, decoded on first use in a worker. */
  private readonly txAt: (i: number) => Transaction;

  private readonly claims: Int32Array;
  private readonly claimAt: number;
  /** Tasks taken over from threads that died holding them. */
  private readonly adopted: Array<{ claim: Claim; tx: number; incarnation: number }> = [];

  constructor(
    readonly block: SharedBlock,
    base: StateReader,
    txs?: Transaction[],
    /** This thread's claim slot: 0 for the main thread, 1 + the worker's index for a worker. */
    thread = 0,
  ) {
    const n = block.transactions.count;
    this.claims = new Int32Array(block.claims);
    this.claimAt = thread * CLAIM_WORDS;
    this.table = new SharedTable(block.table);
    this.mv = new MvMemory(this.table, block.perTx, n);
    this.scheduler = new Scheduler(block.scheduler, n);
    this.outcomes = new Int32Array(block.outcomes);
    this.durations = new Float64Array(block.durations);
    this.validationDurations = new Float64Array(block.validationDurations);
    if (block.trace) this.counters.trace = [];
    const overlay = new StateOverlay(base);
    overlay.apply(block.preChanges);
    this.view = new MvView(this.mv, overlay, block.env.coinbase, block.fork, new Set(block.creditTargets));
    this.feeLoc = this.table.findOrInsert(LocKind.Fee, 0n, 0n);
    this.previousFromSender = new Int32Array(block.previousFromSender);
    this.wrapUp = block.wrapUp === undefined ? undefined : new WrapUp(block.wrapUp, this.outcomes, this.table);
    if (txs !== undefined) this.txAt = (i) => txs[i];
    else {
      const reader = new TransactionReader(block.transactions);
      this.txAt = (i) => reader.get(i);
    }
  }

  /** This thread's part in hashing the receipts once the transactions are final. */
  readonly wrapUp: WrapUp | undefined;

  private task: Task | undefined;
  private chainSample = 0;
  /** Test hook: exit the thread (as a crash would) when about to run this many tasks. */
  exitAfterTasks = 0;
  /** Test hook: with exitAfterTasks, exit after the first location written by the next execution instead. */
  exitMidPublish = false;
  private tasksRun = 0;
  /** Test hook (main thread): stop the run as a dependency chain once this many executions have finished. */
  chainAfterExecutions = 0;

  /**
   * Does one task, or claims the next; returns false when there was nothing to claim and others are finishing
   * (the caller then waits a little). Engine faults stop the run for every thread: the block then runs
   * sequentially, so the result is still the sequential one.
   */
  step(): boolean {
    const s = this.scheduler;
    try {
      const task = this.task;
      if (task !== undefined) {
        if (this.exitAfterTasks > 0 && ++this.tasksRun >= this.exitAfterTasks) {
          if (!this.exitMidPublish) process.exit(1);
          if (task.kind === TaskKind.Execute) this.mv.exitAfterFirstWrite = true;
        }
        this.task = task.kind === TaskKind.Execute ? this.tryExecute(task) : this.needsReexecution(task);
        this.claimTask(this.task);
        // The main thread watches for a block that turned out to be a dependency chain.
        if (this.chainSample > 0 && s.looksSequential(this.chainSample)) s.abort(CHAIN_FALLBACK);
        else if (this.chainAfterExecutions > 0 && s.finishedExecutions >= this.chainAfterExecutions) {
          s.abort(CHAIN_FALLBACK);
        }
        return true;
      }
      const orphan = this.adopted.pop();
      if (orphan !== undefined) {
        this.task = this.resume(orphan.claim, orphan.tx, orphan.incarnation);
        this.claimTask(this.task);
        return true;
      }
      this.claim(Claim.InTransit);
      this.task = s.nextTask();
      this.claimTask(this.task);
      // A missed claim (another thread took it, or it was not executed yet) is retried at once; only when
      // everything is claimed and others are finishing is there reason to wait.
      return this.task !== undefined || s.hasUnclaimedWork;
    } catch (e) {
      if (e instanceof SharedSpaceExhausted) s.abort(e.message, true);
      else s.abort(`worker fault: ${(e as Error)?.message ?? e}`);
      return true;
    }
  }

  private claim(kind: Claim, tx = 0, incarnation = 0): void {
    const at = this.claimAt;
    this.claims[at + 1] = tx;
    this.claims[at + 2] = incarnation;
    Atomics.store(this.claims, at, kind);
  }

  private claimTask(task: Task | undefined): void {
    if (task === undefined) this.claim(Claim.Idle);
    else this.claim(task.kind === TaskKind.Execute ? Claim.Execute : Claim.Validate, task.tx, task.incarnation);
  }

  /**
   * Takes over the task that thread `thread` held when it died, to run as this thread's next task. Returns
   * false when it died inside a scheduler transition: then nobody can tell what is left to do, and the run
   * must stop.
   */
  adoptFrom(thread: number): boolean {
    const at = thread * CLAIM_WORDS;
    const claim = Atomics.load(this.claims, at) as Claim;
    if (claim === Claim.InTransit) return false;
    if (claim !== Claim.Idle) this.adopted.push({ claim, tx: this.claims[at + 1], incarnation: this.claims[at + 2] });
    Atomics.store(this.claims, at, Claim.Idle);
    return true;
  }

  /** The task an adopted claim stands for; an abort left half done is finished here. */
  private resume(claim: Claim, tx: number, incarnation: number): Task | undefined {
    if (claim === Claim.Execute) {
      if (!this.scheduler.reincarnate(tx, incarnation)) throw new Error(`adopted execution of ${tx} was not running`);
      this.mv.convertWritesToEstimates(tx);
      return { kind: TaskKind.Execute, tx, incarnation: incarnation + 1 };
    }
    if (claim === Claim.Validate) return { kind: TaskKind.Validate, tx, incarnation };
    this.claim(Claim.Aborting, tx, incarnation);
    this.mv.convertWritesToEstimates(tx);
    this.claim(Claim.InTransit);
    return this.scheduler.finishValidation(tx, true);
  }

  /** Runs tasks until the block is done (worker threads: `idle` may block briefly). */
  run(idle: () => void): void {
    while (!this.scheduler.done) if (!this.step()) idle();
  }

  /**
   * The main thread's loop: when it has nothing to do it yields to the event loop, so that a worker's death
   * is noticed (and the run stopped) instead of waiting forever for that worker's task.
   */
  async runMain(chainSample: number): Promise<void> {
    this.chainSample = chainSample;
    let spins = 0;
    while (!this.scheduler.done) {
      if (this.step()) spins = 0;
      else if (++spins > 64) {
        spins = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  private traceRecord(kind: number, task: Task, start: number, result: TraceResult): void {
    this.counters.trace?.push(kind, task.tx, task.incarnation, start, now(), result);
  }

  private tryExecute(task: Task): Task | undefined {
    const { tx, incarnation } = task;
    const traceStart = this.counters.trace === undefined ? 0 : now();
    // A sender's next transaction needs its previous one's nonce: wait for it rather than run and fail.
    const previous = this.previousFromSender[tx];
    if (previous >= 0 && this.scheduler.status(previous) !== TxStatus.Executed) {
      if (this.suspend(tx, incarnation, previous)) {
        this.traceRecord(1, task, traceStart, TraceResult.Suspended);
        return undefined;
      }
    }
    const transaction = this.txAt(tx);
    let lazy = lazyRecipientOf(transaction, this.block.env.coinbase);
    for (;;) {
      this.counters.executions++;
      const view = this.view;
      view.reset(tx, lazy);
      let outcomeAt: number;
      let changes: StateChanges | undefined;
      let fee = 0n;
      let credit: Credit | undefined;
      let crashed = false;
      const started = performance.now();
      try {
        const outcome = executeTransaction(view, transaction, this.block.env, this.block.fork, {
          deferCoinbaseFee: true,
        });
        if (outcome.valid) {
          changes = outcome.changes;
          fee = outcome.coinbaseFee;
          const found = view.lazyCreditIn(changes);
          // Anything but a plain credit (not expected of an account without code): run it again in full.
          if (found === "impure") {
            lazy = undefined;
            continue;
          }
          credit = found;
          outcomeAt = storeValidOutcome(this.table, outcome);
        } else {
          outcomeAt = storeFailedOutcome(this.table, OutcomeKind.Invalid);
        }
      } catch (e) {
        if (e instanceof BlockedOn) {
          if (this.suspend(tx, incarnation, e.tx)) {
            this.traceRecord(1, task, traceStart, TraceResult.Suspended);
            return undefined;
          }
          continue;
        }
        if (e instanceof SharedSpaceExhausted) throw e;
        // An inconsistent view can make an incarnation throw; validation decides whether that stands.
        crashed = true;
        outcomeAt = storeFailedOutcome(this.table, OutcomeKind.Crashed);
      }
      this.durations[tx] = performance.now() - started;
      const wroteNew = this.publish(tx, incarnation, changes, fee, credit);
      Atomics.store(this.outcomes, tx, outcomeAt);
      this.traceRecord(1, task, traceStart, crashed ? TraceResult.Crashed : TraceResult.Done);
      this.claim(Claim.InTransit);
      return this.scheduler.finishExecution(tx, incarnation, wroteNew);
    }
  }

  /** Suspends `tx` until `blocking` has executed; false when it already has (run again at once). */
  private suspend(tx: number, incarnation: number, blocking: number): boolean {
    this.claim(Claim.InTransit);
    if (this.scheduler.addDependency(tx, blocking)) {
      this.counters.suspensions++;
      this.scheduler.noteConflict();
      return true;
    }
    this.claim(Claim.Execute, tx, incarnation);
    return false;
  }

  /** Stores the read set and the write set (accounts, clears, slots and the fee credit) of an incarnation. */
  private publish(
    tx: number,
    incarnation: number,
    changes: StateChanges | undefined,
    fee: bigint,
    credit: Credit | undefined,
  ): boolean {
    const t = this.table;
    this.mv.recordReads(tx, this.view.reads, this.view.readCount);
    const locs: number[] = [this.feeLoc];
    const offsets: number[] = [storeWord(t, fee)];
    const lengths: number[] = [32];
    if (changes !== undefined) {
      const seen = this.view.seen;
      for (const [address, change] of changes) {
        if (credit !== undefined && address === credit.to) {
          locs.push(t.findOrInsert(LocKind.Credit, address, 0n));
          offsets.push(storeWord(t, credit.amount));
          lengths.push(32);
          continue;
        }
        // An account whose fields did not change (a contract whose storage did) is not written: writing it
        // would make every later reader of that contract depend on this transaction.
        // It is still recorded as touched, so the block's changes list it as the sequential executor's do.
        if (seen.has(address) && sameAccount(seen.get(address), change.account)) {
          locs.push(t.findOrInsert(LocKind.Touch, address, 0n));
          offsets.push(0);
          lengths.push(0);
        } else {
          const [offset, length] = storeAccount(t, change.account);
          locs.push(t.findOrInsert(LocKind.Account, address, 0n));
          offsets.push(offset);
          lengths.push(length);
        }
        if (change.storageCleared) {
          locs.push(t.findOrInsert(LocKind.Clear, address, 0n));
          offsets.push(0);
          lengths.push(0);
        }
        for (const [slot, value] of change.storage) {
          locs.push(t.findOrInsert(LocKind.Storage, address, slot));
          offsets.push(storeWord(t, value));
          lengths.push(32);
        }
      }
    }
    return this.mv.record(tx, incarnation, locs, offsets, lengths);
  }

  /** True when every read of `tx`'s last incarnation would still see the same version. */
  validate(tx: number): boolean {
    const reads = this.mv.readsOf(tx);
    const r = this.check;
    for (let i = 0; i < reads.length; i += 3) {
      const loc = reads[i];
      if (loc === READ_FEE_SUM) {
        const { sum, blockedOn } = feeSum(this.mv, this.feeLoc, reads[i + 1], tx);
        if (blockedOn >= 0 || sum !== readWord(this.table.arenaView, reads[i + 2])) return false;
        continue;
      }
      const credited = creditSumLocation(loc);
      if (credited >= 0) {
        const d = this.checkCredit;
        this.mv.creditSum(credited, reads[i + 1], tx, d);
        const seen = reads[i + 2] < 0 ? 0n : readWord(this.table.arenaView, reads[i + 2]);
        if (d.blockedOn >= 0 || d.sum !== seen) return false;
        continue;
      }
      this.mv.read(loc, tx, r);
      if (r.status === ReadStatus.Estimate || r.tx !== reads[i + 1]) return false;
      if (r.status === ReadStatus.Value && r.incarnation !== reads[i + 2]) return false;
    }
    return true;
  }

  /**
   * Once a run has stopped and no other thread works any more: how many leading transactions are final. Each
   * has executed and its reads still see the versions of the final transactions before it, so its outcome and
   * writes are what sequential execution gives.
   */
  finalPrefix(): number {
    const n = this.block.transactions.count;
    let k = 0;
    while (k < n && this.scheduler.status(k) === TxStatus.Executed && this.outcomes[k] >= 0 && this.validate(k)) k++;
    return k;
  }

  private needsReexecution(task: Task): Task | undefined {
    const traceStart = this.counters.trace === undefined ? 0 : now();
    this.counters.validations++;
    const started = performance.now();
    const valid = this.validate(task.tx);
    this.validationDurations[task.tx] = performance.now() - started;
    let aborted = false;
    if (!valid) {
      this.claim(Claim.InTransit);
      aborted = this.scheduler.tryValidationAbort(task.tx, task.incarnation);
    }
    if (aborted) {
      this.claim(Claim.Aborting, task.tx, task.incarnation);
      this.counters.aborts++;
      this.scheduler.noteConflict();
      this.mv.convertWritesToEstimates(task.tx);
    }
    this.traceRecord(2, task, traceStart, aborted ? TraceResult.Aborted : TraceResult.Done);
    this.claim(Claim.InTransit);
    return this.scheduler.finishValidation(task.tx, aborted);
  }
}
