/**
 * The Block-STM collaborative scheduler (Gelashvili et al. 2022, algorithms 4 and 5) over one Int32Array in a
 * SharedArrayBuffer: execution and validation indices, the decrease counter, the active-task count and the done
 * marker, and per transaction a status word (incarnation << 2 | status), a spinlock and an intrusive list of
 * the transactions waiting on it (a transaction waits on at most one other, so one "next" word each suffices).
 */

const EXECUTION_IDX = 0;
const VALIDATION_IDX = 1;
const DECREASE_CNT = 2;
const NUM_ACTIVE = 3;
const DONE = 4;
/** Set when a worker hit a condition that forces the whole block back to sequential execution. */
const ABORT = 5;
/** Set with ABORT when the reason was running out of shared space (the run may be retried larger). */
const OUT_OF_SPACE = 6;
/** Finished executions, and the aborts and suspensions among all executions: the chain detector's inputs. */
const FINISHED = 7;
const CONFLICTS = 8;
const HEADER = 10;

export enum TxStatus {
  ReadyToExecute = 0,
  Executing = 1,
  Executed = 2,
  Aborting = 3,
}

export enum TaskKind {
  Execute = 1,
  Validate = 2,
}

export interface Task {
  kind: TaskKind;
  tx: number;
  incarnation: number;
}

const NONE = -1;

export class Scheduler {
  readonly s: Int32Array;
  private readonly statusAt: number;
  private readonly lockAt: number;
  private readonly depHeadAt: number;
  private readonly depNextAt: number;

  constructor(
    buffer: SharedArrayBuffer,
    readonly txCount: number,
  ) {
    this.s = new Int32Array(buffer);
    this.statusAt = HEADER;
    this.lockAt = HEADER + txCount;
    this.depHeadAt = HEADER + 2 * txCount;
    this.depNextAt = HEADER + 3 * txCount;
  }

  static buffer(txCount: number): SharedArrayBuffer {
    const sab = new SharedArrayBuffer((HEADER + 4 * txCount) * 4);
    const s = new Int32Array(sab);
    s.fill(NONE, HEADER + 2 * txCount, HEADER + 4 * txCount);
    return sab;
  }

  get done(): boolean {
    return Atomics.load(this.s, DONE) === 1;
  }

  get aborted(): boolean {
    return Atomics.load(this.s, ABORT) === 1;
  }

  /** Why the run was aborted (this thread's view; the flag itself is shared). */
  abortReason = "";

  /** Executions finished so far in this block, re-executions included. */
  get finishedExecutions(): number {
    return Atomics.load(this.s, FINISHED);
  }

  get outOfSpace(): boolean {
    return Atomics.load(this.s, OUT_OF_SPACE) === 1;
  }

  /** Stops every worker: the block will be executed again (larger, when out of space) or sequentially. */
  abort(reason: string, outOfSpace = false): void {
    this.abortReason = reason;
    if (outOfSpace) Atomics.store(this.s, OUT_OF_SPACE, 1);
    Atomics.store(this.s, ABORT, 1);
    Atomics.store(this.s, DONE, 1);
  }

  status(tx: number): TxStatus {
    return (Atomics.load(this.s, this.statusAt + tx) & 3) as TxStatus;
  }

  incarnation(tx: number): number {
    return Atomics.load(this.s, this.statusAt + tx) >>> 2;
  }

  private lock(tx: number): void {
    const at = this.lockAt + tx;
    while (Atomics.compareExchange(this.s, at, 0, 1) !== 0) {
      // Held for a few stores only.
    }
  }

  private unlock(tx: number): void {
    Atomics.store(this.s, this.lockAt + tx, 0);
  }

  private setStatus(tx: number, incarnation: number, status: TxStatus): void {
    Atomics.store(this.s, this.statusAt + tx, (incarnation << 2) | status);
  }

  /** Lowers the execution or validation index to `target` (never raises it) and counts the decrease. */
  private decreaseIdx(index: number, target: number): void {
    let cur = Atomics.load(this.s, index);
    while (target < cur) {
      const seen = Atomics.compareExchange(this.s, index, cur, target);
      if (seen === cur) break;
      cur = seen;
    }
    Atomics.add(this.s, DECREASE_CNT, 1);
  }

  private checkDone(): void {
    const observed = Atomics.load(this.s, DECREASE_CNT);
    const n = this.txCount;
    if (
      Math.min(Atomics.load(this.s, EXECUTION_IDX), Atomics.load(this.s, VALIDATION_IDX)) >= n &&
      Atomics.load(this.s, NUM_ACTIVE) === 0 &&
      observed === Atomics.load(this.s, DECREASE_CNT)
    ) {
      Atomics.store(this.s, DONE, 1);
    }
  }

  private tryIncarnate(tx: number): Task | undefined {
    if (tx < this.txCount) {
      this.lock(tx);
      const word = Atomics.load(this.s, this.statusAt + tx);
      if ((word & 3) === TxStatus.ReadyToExecute) {
        this.setStatus(tx, word >>> 2, TxStatus.Executing);
        this.unlock(tx);
        return { kind: TaskKind.Execute, tx, incarnation: word >>> 2 };
      }
      this.unlock(tx);
    }
    Atomics.sub(this.s, NUM_ACTIVE, 1);
    return undefined;
  }

  private nextVersionToExecute(): Task | undefined {
    if (Atomics.load(this.s, EXECUTION_IDX) >= this.txCount) {
      this.checkDone();
      return undefined;
    }
    Atomics.add(this.s, NUM_ACTIVE, 1);
    return this.tryIncarnate(Atomics.add(this.s, EXECUTION_IDX, 1));
  }

  private nextVersionToValidate(): Task | undefined {
    if (Atomics.load(this.s, VALIDATION_IDX) >= this.txCount) {
      this.checkDone();
      return undefined;
    }
    Atomics.add(this.s, NUM_ACTIVE, 1);
    const tx = Atomics.add(this.s, VALIDATION_IDX, 1);
    if (tx < this.txCount) {
      const word = Atomics.load(this.s, this.statusAt + tx);
      if ((word & 3) === TxStatus.Executed) return { kind: TaskKind.Validate, tx, incarnation: word >>> 2 };
    }
    Atomics.sub(this.s, NUM_ACTIVE, 1);
    return undefined;
  }

  /** Whether any transaction is still waiting to be picked up for execution or validation. */
  get hasUnclaimedWork(): boolean {
    return Atomics.load(this.s, EXECUTION_IDX) < this.txCount || Atomics.load(this.s, VALIDATION_IDX) < this.txCount;
  }

  nextTask(): Task | undefined {
    if (Atomics.load(this.s, VALIDATION_IDX) < Atomics.load(this.s, EXECUTION_IDX)) {
      return this.nextVersionToValidate();
    }
    return this.nextVersionToExecute();
  }

  /**
   * `tx` read an ESTIMATE written by `blocking`. Returns false when `blocking` has meanwhile finished (read
   * again); true when `tx` is now suspended and will be re-executed once `blocking` finishes.
   */
  addDependency(tx: number, blocking: number): boolean {
    this.lock(blocking);
    if (this.status(blocking) === TxStatus.Executed) {
      this.unlock(blocking);
      return false;
    }
    // Marked aborting while `blocking` is still locked: once it is unlocked, its finish may resume `tx` at
    // any moment, and a later store of "aborting" would undo that resume and strand `tx`. (Locks are always
    // taken lower transaction first, so this nesting cannot deadlock.)
    this.lock(tx);
    this.setStatus(tx, this.incarnation(tx), TxStatus.Aborting);
    this.unlock(tx);
    Atomics.store(this.s, this.depNextAt + tx, Atomics.load(this.s, this.depHeadAt + blocking));
    Atomics.store(this.s, this.depHeadAt + blocking, tx);
    this.unlock(blocking);
    Atomics.sub(this.s, NUM_ACTIVE, 1);
    return true;
  }

  private setReadyStatus(tx: number): void {
    this.lock(tx);
    this.setStatus(tx, this.incarnation(tx) + 1, TxStatus.ReadyToExecute);
    this.unlock(tx);
  }

  /** Counts an abort or a suspension (for `looksSequential`). */
  noteConflict(): void {
    Atomics.add(this.s, CONFLICTS, 1);
  }

  /** The chain detector's state (main thread only): executions at its last check, and at its first. */
  private checkedAt = 0;
  private firstFinished = -1;
  private firstConflicts = 0;

  /**
   * True once the block behaves as a chain of dependencies: conflicts on at least half of the executions after
   * the first `sample` (or twice as many conflicts as executions in those first). A burst of dependent
   * transactions at a block's start (arbitrage and sandwich bundles: mainnet 8,889,776 and 17,666,333)
   * conflicts as much as a chain for a few dozen executions and then stops; a chain goes on. On this machine
   * chains ran slower in parallel than sequentially (the one-pool, one-receiver and bounty workloads), so they
   * are handed to the sequential executor early.
   */
  looksSequential(sample: number): boolean {
    const finished = this.finishedExecutions;
    // Only early in the block: once a quarter of it has run, finishing in parallel costs less than starting over.
    if (finished - this.checkedAt < sample || finished * 4 > this.txCount) return false;
    this.checkedAt = finished;
    const conflicts = Atomics.load(this.s, CONFLICTS);
    if (this.firstFinished < 0) {
      this.firstFinished = finished;
      this.firstConflicts = conflicts;
      return conflicts >= 2 * finished;
    }
    return (conflicts - this.firstConflicts) * 2 >= finished - this.firstFinished;
  }

  finishExecution(tx: number, incarnation: number, wroteNewLocation: boolean): Task | undefined {
    Atomics.add(this.s, FINISHED, 1);
    this.lock(tx);
    this.setStatus(tx, incarnation, TxStatus.Executed);
    let dep = Atomics.load(this.s, this.depHeadAt + tx);
    Atomics.store(this.s, this.depHeadAt + tx, NONE);
    this.unlock(tx);
    let minDep = Number.MAX_SAFE_INTEGER;
    while (dep !== NONE) {
      const next = Atomics.load(this.s, this.depNextAt + dep);
      this.setReadyStatus(dep);
      if (dep < minDep) minDep = dep;
      dep = next;
    }
    if (minDep !== Number.MAX_SAFE_INTEGER) this.decreaseIdx(EXECUTION_IDX, minDep);
    if (Atomics.load(this.s, VALIDATION_IDX) > tx) {
      if (wroteNewLocation) this.decreaseIdx(VALIDATION_IDX, tx);
      else return { kind: TaskKind.Validate, tx, incarnation };
    }
    Atomics.sub(this.s, NUM_ACTIVE, 1);
    return undefined;
  }

  /**
   * An execution whose thread died, handled as an aborted incarnation: the next incarnation starts at once, held
   * by the caller who takes it over, and every later transaction is validated again (they may have read what
   * the dead run published). False when `tx` is not in that execution any more.
   */
  reincarnate(tx: number, incarnation: number): boolean {
    this.lock(tx);
    const ok = Atomics.load(this.s, this.statusAt + tx) === ((incarnation << 2) | TxStatus.Executing);
    if (ok) this.setStatus(tx, incarnation + 1, TxStatus.Executing);
    this.unlock(tx);
    if (ok) this.decreaseIdx(VALIDATION_IDX, tx + 1);
    return ok;
  }

  tryValidationAbort(tx: number, incarnation: number): boolean {
    this.lock(tx);
    const word = Atomics.load(this.s, this.statusAt + tx);
    const ok = word === ((incarnation << 2) | TxStatus.Executed);
    if (ok) this.setStatus(tx, incarnation, TxStatus.Aborting);
    this.unlock(tx);
    return ok;
  }

  finishValidation(tx: number, aborted: boolean): Task | undefined {
    if (aborted) {
      this.setReadyStatus(tx);
      this.decreaseIdx(VALIDATION_IDX, tx + 1);
      if (Atomics.load(this.s, EXECUTION_IDX) > tx) {
        const task = this.tryIncarnate(tx);
        if (task !== undefined) return task;
        // tryIncarnate already gave up this task's active count.
        return undefined;
      }
    }
    Atomics.sub(this.s, NUM_ACTIVE, 1);
    return undefined;
  }
}
