/**
 * executeBlockParallel: Block-STM over worker threads, producing exactly the BlockResult of executeBlock.
 * The block's setup and wrap-up (beacon-roots call, rewards, withdrawals, receipts) are the sequential
 * executor's own functions; only the transactions run in parallel. Whenever the parallel run cannot promise the
 * sequential answer cheaply (a tiny block, an invalid transaction, shared space exhausted) the block runs
 * sequentially instead, and `stats.mode` says why.
 */

import type { BlockEnv } from "../block/env.js";
import {
  type BlockContext,
  type BlockProfile,
  type BlockResult,
  beginBlock,
  blockFork,
  continueBlock,
  type ExecuteBlockOptions,
  executeBlock,
  finishBlock,
  MAX_BLOB_GAS_PER_BLOCK,
} from "../block/execute.js";
import type { Receipt } from "../block/receipt.js";
import type { Block } from "../block/types.js";
import { GAS_PER_BLOB } from "../block/validate.js";
import { Fork } from "../forks.js";
import { LmdbDatabase } from "../state/lmdb.js";
import { MemoryDatabase } from "../state/memory.js";
import type { StateChanges, StateReader } from "../state/types.js";
import { netChanges } from "./assemble.js";
import { creditSumLocation, MvMemory, READ_FEE_SUM } from "./mvmemory.js";
import { ByteCopier, gasUsedAt, OutcomeKind, outcomeKindAt, receiptAt } from "./outcome-codec.js";
import type { BaseDescriptor, WorkerPool } from "./pool.js";
import { Scheduler } from "./scheduler.js";
import { SharedTable, type TableSizes } from "./shared-table.js";
import { snapshotOf } from "./snapshot.js";
import { allocateTransactions, fillTransactions } from "./tx-codec.js";
import {
  BlockWorker,
  CHAIN_FALLBACK,
  claimsBuffer,
  creditTargetsOf,
  newCounters,
  previousFromSender,
  type SharedBlock,
  type WorkerCounters,
} from "./worker-loop.js";
import { wrapUpBuffers } from "./wrap-up.js";

/**
 * Blocks with fewer transactions run sequentially: below this the threads cost more than they save. With up to
 * two threads, so do blocks with fewer transactions than this that carry calldata or create a contract (see
 * LIGHT_BLOCK_MAX_THREADS).
 */
export const DEFAULT_MIN_PARALLEL_TXS = 16;

/**
 * Up to this many threads, a block of mostly plain transfers runs sequentially. Measured on 2 threads: such
 * blocks lost 10-80% in parallel (2,000 raw transfers 0.79x, 2,000 deposits to one address 0.90x; mainnet
 * 930,196, 3,356,896 and 6,196,166, with 0, 10 and 5 calls: 0.22-0.68x), because what the parallel path adds
 * per transaction costs as much as a transfer itself; 16 of the 21 fixtures with 17 calls or more gained in
 * the same run. With more threads there is more room to pay for that overhead (unmeasured here), so the rule
 * stops there.
 */
export const LIGHT_BLOCK_MAX_THREADS = 2;

/** Executions after which a block with as many conflicts as executions is handed to the sequential executor. */
export const DEFAULT_CHAIN_SAMPLE = 32;
/** A block in which one sender owns more than this share of the transactions is one nonce chain: sequential. */
export const MAX_ONE_SENDER_SHARE = 0.5;

export interface ParallelOptions extends ExecuteBlockOptions {
  /** Record every incarnation and validation per thread into `BlockResult.trace` (see parallel/trace.ts). */
  trace?: boolean;
  /** Record per-transaction costs and dependencies into `BlockResult.profile` (for parallel/simulate.ts). */
  profile?: boolean;
  /** For tests: one worker thread exits (as if it crashed) when about to run its Nth task. */
  faultInjection?: {
    exitAfterTasks?: number;
    exitMidPublish?: boolean;
    exitInWrapUp?: boolean;
    /** The main thread stops the run as a dependency chain once this many executions have finished. */
    chainAfterExecutions?: number;
  };
  /**
   * Executions sampled before the chain detector may stop the run (default DEFAULT_CHAIN_SAMPLE). 0 turns
   * both chain fallbacks off (this one and the one-sender check), so that the parallel machinery always runs.
   */
  chainSample?: number;
  /** The worker pool (its size is the thread count). Without one only the calling thread works. */
  pool?: WorkerPool;
  /**
   * Smaller blocks run sequentially, and with up to LIGHT_BLOCK_MAX_THREADS threads so do blocks with fewer
   * transactions carrying calldata (default DEFAULT_MIN_PARALLEL_TXS; 0 = always parallel).
   */
  minParallelTxs?: number;
}

/** A state the workers can read without copying it: an in-memory database (shared snapshot) or LMDB (by path). */
function baseDescriptor(state: StateReader): BaseDescriptor | undefined {
  if (state instanceof MemoryDatabase) return { kind: "snapshot", ...snapshotOf(state) };
  if (state instanceof LmdbDatabase) return { kind: "lmdb", path: state.path };
  return undefined;
}

/** `stats.mode` of a block the parallel executor handed to sequential execution. */
function fallbackMode(why: string): string {
  return `sequential (fallback: ${why})`;
}

function sequential(block: Block, state: StateReader, options: ParallelOptions, why: string): BlockResult {
  return executeBlock(block, state, { ...options, mode: fallbackMode(why) });
}

/**
 * Locations per transaction to size the shared table for, learnt from the blocks run so far. A table far
 * larger than needed is slow (every probe misses the caches); one too small stops the run, which is then
 * retried (twice at most) with room for eight times as many.
 */
const sizing = { locationsPerTx: 8 };

/** Twice what the last block used, shrinking by half at most per block (so one light block does not undersize). */
function learnSizing(table: SharedTable, txCount: number): void {
  const observed = table.count / Math.max(1, txCount);
  sizing.locationsPerTx = Math.max(4, observed * 2, sizing.locationsPerTx * 0.5);
}

/** The last block's table, kept for the next: see SharedTable.reset. Never shared by two runs at once. */
let spareTable: SharedTable | undefined;

function reusableTable(sizes: TableSizes): SharedTable {
  const spare = spareTable;
  spareTable = undefined;
  if (spare !== undefined) {
    const room = spare.sizes;
    // Far too large a table is slow too (its probes miss the caches and the TLB): then a new one is made.
    const fits = room.locations >= sizes.locations && room.nodes >= sizes.nodes && room.arenaBytes >= sizes.arenaBytes;
    if (fits && room.locations <= sizes.locations * 4) {
      spare.reset();
      return spare;
    }
  }
  return SharedTable.create(sizes);
}

/** Shared buffers sized from the block; too small a guess falls back to sequential, never overflows. */
function sharedBuffers(
  block: Block,
  preChanges: StateChanges,
  env: BlockEnv,
  fork: Fork,
  trace: boolean,
  threads: number,
): { shared: SharedBlock; table: SharedTable } {
  const withWorkers = threads > 1;
  const n = block.transactions.length;
  let calldata = 0;
  for (const tx of block.transactions) calldata += tx.data.length;
  const perTx = Math.ceil(sizing.locationsPerTx);
  const table = reusableTable({
    locations: 4096 + n * perTx,
    nodes: 4096 + n * perTx,
    arenaBytes: (1 << 20) + n * perTx * 160 + calldata * 2,
  });
  const shared: SharedBlock = {
    scheduler: Scheduler.buffer(n),
    table: table.buffers,
    perTx: MvMemory.perTxBuffer(n),
    outcomes: unsetOutcomes(n),
    durations: new SharedArrayBuffer(Math.max(1, n) * 8),
    validationDurations: new SharedArrayBuffer(Math.max(1, n) * 8),
    // Only workers decode them; the calling thread uses the block's own objects.
    transactions: withWorkers ? allocateTransactions(block.transactions) : allocateTransactions([], n),
    previousFromSender: previousFromSender(block.transactions),
    env,
    fork,
    preChanges,
    trace,
    creditTargets: creditTargetsOf(block.transactions, env.coinbase),
    claims: claimsBuffer(threads),
    // Before Byzantium a receipt holds the state root after its transaction, which no worker knows.
    wrapUp: fork >= Fork.Byzantium ? wrapUpBuffers(block.transactions) : undefined,
  };
  return { shared, table };
}

/** Transactions that carry calldata or create a contract: those that (may) run code, unlike plain transfers. */
function codeTransactions(txs: Block["transactions"]): number {
  let n = 0;
  for (const tx of txs) if (tx.to === undefined || tx.data.length > 0) n++;
  return n;
}

/** The largest share of the block's transactions sent by one account. */
function oneSenderShare(txs: Block["transactions"]): number {
  const counts = new Map<bigint, number>();
  let most = 0;
  for (const tx of txs) {
    const c = (counts.get(tx.sender) ?? 0) + 1;
    counts.set(tx.sender, c);
    if (c > most) most = c;
  }
  return txs.length === 0 ? 0 : most / txs.length;
}

/**
 * Calls `visit` with each transaction whose writes a read set saw (possibly more than once): a plain read its
 * version's writer, a fee-sum read every transaction from its start on, a credit-sum read the transactions
 * that credited the account.
 */
function forEachDependency(mv: MvMemory, reads: Int32Array, k: number, visit: (tx: number) => void): void {
  for (let i = 0; i < reads.length; i += 3) {
    const from = reads[i + 1];
    const credited = creditSumLocation(reads[i]);
    if (reads[i] === READ_FEE_SUM) for (let j = Math.max(0, from); j < k; j++) visit(j);
    else if (credited >= 0) for (const j of mv.creditorsOf(credited, from, k)) visit(j);
    else if (from >= 0) visit(from);
  }
}

/**
 * The critical path over the final incarnations: a transaction depends on every earlier transaction whose
 * write it read; its path is its own last execution time plus the longest path among those. (No dependency
 * sets are built: this runs after every parallel block.)
 */
function criticalPath(
  mv: MvMemory,
  durations: Float64Array,
  n: number,
): { criticalPathMs: number; parallelism: number } {
  const path = new Float64Array(n);
  let longest = 0;
  let work = 0;
  let before = 0;
  const visit = (j: number) => {
    if (path[j] > before) before = path[j];
  };
  for (let k = 0; k < n; k++) {
    before = 0;
    forEachDependency(mv, mv.readsOf(k), k, visit);
    path[k] = before + durations[k];
    work += durations[k];
    if (path[k] > longest) longest = path[k];
  }
  return { criticalPathMs: longest, parallelism: longest > 0 ? work / longest : 1 };
}

/** What the scaling model replays: costs and, from the final read sets, who read whose writes. */
function blockProfile(mv: MvMemory, shared: SharedBlock, n: number): BlockProfile {
  const dependencies: number[][] = [];
  for (let k = 0; k < n; k++) {
    const deps = new Set<number>();
    forEachDependency(mv, mv.readsOf(k), k, (j) => deps.add(j));
    dependencies.push([...deps].sort((a, b) => a - b));
  }
  return {
    executionMs: Array.from(new Float64Array(shared.durations).subarray(0, n)),
    validationMs: Array.from(new Float64Array(shared.validationDurations).subarray(0, n)),
    dependencies,
    previousFromSender: Array.from(new Int32Array(shared.previousFromSender).subarray(0, n)),
  };
}

/** Per-transaction outcome offsets, -1 until the transaction has run. */
function unsetOutcomes(n: number): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(Math.max(1, n) * 4);
  new Int32Array(sab).fill(-1);
  return sab;
}

/** The ancestors' hashes BLOCKHASH may ask for, read once on the main thread. */
function ancestorHashes(state: StateReader, number: bigint): Map<bigint, bigint> {
  const out = new Map<bigint, bigint>();
  for (let n = number - 1n; n >= 0n && n >= number - 256n; n--) {
    const h = state.blockHash(n);
    if (h !== 0n) out.set(n, h);
  }
  return out;
}

export async function executeBlockParallel(
  block: Block,
  state: StateReader,
  options: ParallelOptions = {},
): Promise<BlockResult> {
  const start = performance.now();
  const txs = block.transactions;
  const fork = blockFork(block, options);
  const minTxs = options.minParallelTxs ?? DEFAULT_MIN_PARALLEL_TXS;
  if (txs.length < minTxs) return sequential(block, state, options, "small block");
  const threads = options.pool?.threads ?? 1;
  if (threads <= LIGHT_BLOCK_MAX_THREADS) {
    const running = codeTransactions(txs);
    if (running < minTxs) {
      return sequential(block, state, options, `light block: ${running} of ${txs.length} transactions carry calldata`);
    }
  }
  if (fork < Fork.Byzantium && options.intermediateStateRoot !== undefined) {
    return sequential(block, state, options, "pre-Byzantium receipts need the state root after every transaction");
  }
  const chainSample = options.chainSample ?? DEFAULT_CHAIN_SAMPLE;
  if (chainSample > 0 && oneSenderShare(txs) > MAX_ONE_SENDER_SHARE) {
    return sequential(block, state, options, "one sender's nonce chain");
  }
  let blobGas = 0n;
  for (const tx of txs) blobGas += BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
  if (blobGas > MAX_BLOB_GAS_PER_BLOCK) return sequential(block, state, options, "blob gas above the limit");
  const pool = options.pool;
  const base = pool !== undefined && pool.threads > 1 ? baseDescriptor(state) : undefined;

  const ctx = beginBlock(block, state, options);
  const preChanges = new Map(ctx.overlay.changes());
  for (let attempt = 0; ; attempt++) {
    const { shared, table } = sharedBuffers(
      block,
      preChanges,
      ctx.env,
      fork,
      options.trace === true,
      base === undefined ? 1 : (pool?.threads ?? 1),
    );
    try {
      const result = await runShared(block, state, options, ctx, shared, pool, base, start, attempt < 2);
      if (result !== RETRY) {
        learnSizing(table, txs.length);
        return result;
      }
      sizing.locationsPerTx *= 8;
    } finally {
      spareTable = table;
    }
  }
}

/**
 * Receipts of the first `count` transactions, from their stored outcomes. Stops at a transaction the
 * sequential executor must report (invalid, crashed, over the block's gas), so that the error is exactly its
 * error, and says why.
 */
function receiptsFromOutcomes(
  main: BlockWorker,
  block: Block,
  fork: Fork,
  count: number,
): { receipts: Receipt[]; stoppedBy: string | undefined } {
  const txs = block.transactions;
  const receipts: Receipt[] = [];
  const copier = new ByteCopier();
  let gasUsed = 0n;
  for (let i = 0; i < count; i++) {
    const at = Atomics.load(main.outcomes, i);
    // Cannot happen when the scheduler is right; if it ever does, the sequential answer still stands.
    if (at < 0) return { receipts, stoppedBy: `internal: transaction ${i} never ran` };
    if (outcomeKindAt(main.table, at) !== OutcomeKind.Valid)
      return { receipts, stoppedBy: `transaction ${i} is not valid` };
    if (txs[i].gasLimit > block.header.gasLimit - gasUsed) return { receipts, stoppedBy: "block gas exceeded" };
    const gas = gasUsedAt(main.table, at);
    gasUsed += gas;
    receipts.push(receiptAt(main.table, at, txs[i].type, gas, gasUsed, fork, copier));
  }
  return { receipts, stoppedBy: undefined };
}

/**
 * A run stopped as a dependency chain, every thread gone: the transactions already final are kept (their
 * receipts and changes read off the run) and the sequential executor goes on from the first one that is not.
 * The attempt then costs only the work beyond that prefix (in a chain, the thread that ran alone at the start
 * did the block's first transactions in order).
 */
function continueAfterPrefix(
  block: Block,
  options: ParallelOptions,
  ctx: BlockContext,
  main: BlockWorker,
  start: number,
): BlockResult {
  const { receipts } = receiptsFromOutcomes(main, block, ctx.fork, main.finalPrefix());
  const kept = receipts.length;
  if (kept > 0) ctx.overlay.adopt(netChanges(main.mv, ctx.overlay, ctx.env.coinbase, ctx.fork, kept));
  const result = continueBlock(block, ctx, receipts, { ...options, mode: fallbackMode(CHAIN_FALLBACK) }, start);
  if (kept > 0) result.stats.keptFromParallel = kept;
  return result;
}

/** Returned by a run that ran out of shared space and may be retried with larger buffers. */
const RETRY = Symbol("retry");

async function runShared(
  block: Block,
  state: StateReader,
  options: ParallelOptions,
  ctx: BlockContext,
  shared: SharedBlock,
  pool: WorkerPool | undefined,
  base: BaseDescriptor | undefined,
  start: number,
  mayRetry: boolean,
): Promise<BlockResult | typeof RETRY> {
  const txs = block.transactions;
  const fork = ctx.fork;
  const main = new BlockWorker(shared, state, block.transactions);
  let workerDied = false;
  const workersDone: Promise<WorkerCounters[]> =
    pool !== undefined && base !== undefined
      ? pool.runBlock(
          {
            type: "block",
            block: shared,
            base,
            blockHashes: ancestorHashes(state, block.header.number),
            exitAfterTasks: options.faultInjection?.exitAfterTasks,
            exitMidPublish: options.faultInjection?.exitMidPublish,
            exitInWrapUp: options.faultInjection?.exitInWrapUp,
          },
          (index) => {
            workerDied = true;
            // Its task is taken over by the main thread; only a death inside a scheduler step stops the run.
            if (!main.adoptFrom(index + 1)) main.scheduler.abort("a worker thread died inside a scheduler step");
          },
        )
      : Promise.resolve([]);
  // Handled where awaited; until then a failed worker must not count as an unhandled rejection.
  workersDone.catch(() => {});
  if (pool !== undefined && base !== undefined) fillTransactions(shared.transactions, txs);
  const wrapUp = main.wrapUp;
  main.chainAfterExecutions = options.faultInjection?.chainAfterExecutions ?? 0;
  await main.runMain(options.chainSample ?? DEFAULT_CHAIN_SAMPLE);
  if (main.scheduler.aborted) {
    await workersDone.catch(() => []);
    if (mayRetry && main.scheduler.outOfSpace) return RETRY;
    const why = main.scheduler.abortReason || "a worker aborted the run";
    if (why === CHAIN_FALLBACK && !workerDied) return continueAfterPrefix(block, options, ctx, main, start);
    return sequential(block, state, options, why);
  }

  const { receipts, stoppedBy: fallback } = receiptsFromOutcomes(main, block, fork, txs.length);
  let rootOfReceipts: Uint8Array | undefined;
  let bloomOfReceipts: Uint8Array | undefined;
  let counters: WorkerCounters[];
  try {
    if (fallback !== undefined) {
      await workersDone.catch(() => []);
      return sequential(block, state, options, fallback);
    }
    const changes = netChanges(main.mv, ctx.overlay, ctx.env.coinbase, fork, txs.length);
    if (wrapUp !== undefined) {
      wrapUp.work();
      let spins = 0;
      while (!wrapUp.rootReady) {
        if (workerDied) {
          wrapUp.finishAlone();
          break;
        }
        // Yield now and then, so that a worker's death is heard.
        if (++spins > 64) {
          spins = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      rootOfReceipts = wrapUp.root();
      bloomOfReceipts = wrapUp.bloom();
    }
    counters = [main.counters, ...(await workersDone)];
    ctx.overlay.adopt(changes);
  } catch (e) {
    return sequential(block, state, options, (e as Error).message);
  }
  const total = counters.reduce((a, c) => {
    a.executions += c.executions;
    a.validations += c.validations;
    a.aborts += c.aborts;
    a.suspensions += c.suspensions;
    return a;
  }, newCounters());
  const result = finishBlock(
    block,
    ctx,
    receipts,
    {
      transactions: txs.length,
      mode: "parallel",
      ...criticalPath(main.mv, new Float64Array(shared.durations), txs.length),
      threads: 1 + (base === undefined ? 0 : (pool?.threads ?? 1) - 1),
      ...total,
    },
    start,
    rootOfReceipts,
    bloomOfReceipts,
  );
  if (options.trace === true) result.trace = { threads: counters.map((c) => c.trace ?? []) };
  if (options.profile === true) result.profile = blockProfile(main.mv, shared, txs.length);
  return result;
}
