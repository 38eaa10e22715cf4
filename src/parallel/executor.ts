/**
 * executeBlockParallel: Block-STM over worker threads, producing exactly the BlockResult of executeBlock.
 * The block's setup and wrap-up (beacon-roots call, rewards, withdrawals, receipts) are the sequential
 * executor's own functions; only the transactions run in parallel. Whenever the parallel run cannot promise the
 * sequential answer cheaply (a tiny block, an invalid transaction, shared space exhausted) the block runs
 * sequentially instead, and `stats.mode` says why.
 */

import type { BlockEnv } from "../block/env.js";
import {
  type BlockResult,
  beginBlock,
  blockFork,
  type ExecuteBlockOptions,
  executeBlock,
  finishBlock,
  MAX_BLOB_GAS_PER_BLOCK,
  receiptOf,
} from "../block/execute.js";
import type { Receipt } from "../block/receipt.js";
import type { Block } from "../block/types.js";
import { GAS_PER_BLOB } from "../block/validate.js";
import { Fork } from "../forks.js";
import { LmdbDatabase } from "../state/lmdb.js";
import { MemoryDatabase } from "../state/memory.js";
import type { StateChanges, StateReader } from "../state/types.js";
import { netChanges } from "./assemble.js";
import { MvMemory } from "./mvmemory.js";
import { loadOutcome, OutcomeKind } from "./outcome-codec.js";
import type { BaseDescriptor, WorkerPool } from "./pool.js";
import { Scheduler } from "./scheduler.js";
import { SharedTable } from "./shared-table.js";
import { snapshotOf } from "./snapshot.js";
import { BlockWorker, newCounters, type SharedBlock, type WorkerCounters } from "./worker-loop.js";

/** Blocks with fewer transactions run sequentially: below this the threads cost more than they save. */
export const DEFAULT_MIN_PARALLEL_TXS = 16;

export interface ParallelOptions extends ExecuteBlockOptions {
  /** The worker pool (its size is the thread count). Without one only the calling thread works. */
  pool?: WorkerPool;
  /** Smaller blocks run sequentially (default DEFAULT_MIN_PARALLEL_TXS; 0 = always parallel). */
  minParallelTxs?: number;
}

/** A state the workers can read without copying it: an in-memory database (shared snapshot) or LMDB (by path). */
function baseDescriptor(state: StateReader): BaseDescriptor | undefined {
  if (state instanceof MemoryDatabase) return { kind: "snapshot", buffers: snapshotOf(state) };
  if (state instanceof LmdbDatabase) return { kind: "lmdb", path: state.path };
  return undefined;
}

function sequential(block: Block, state: StateReader, options: ParallelOptions, why: string): BlockResult {
  return executeBlock(block, state, { ...options, mode: `sequential (fallback: ${why})` });
}

/** Shared buffers sized from the block; too small a guess falls back to sequential, never overflows. */
function sharedBuffers(block: Block, preChanges: StateChanges, env: BlockEnv, fork: Fork): SharedBlock {
  const n = block.transactions.length;
  let calldata = 0;
  let gas = 0n;
  for (const tx of block.transactions) {
    calldata += tx.data.length;
    gas += tx.gasLimit;
  }
  if (gas > block.header.gasLimit) gas = block.header.gasLimit;
  // A cold account or slot costs at least 2,100 gas (2,000 for an SLOAD before Berlin... still ≥ 200 gas
  // before Tangerine Whistle, where blocks were small): gas / 1,000 bounds the distinct locations well.
  const gasBound = Number(gas / 1000n);
  const table = SharedTable.create({
    locations: 1024 + n * 8 + gasBound,
    nodes: 1024 + n * 12 + gasBound,
    arenaBytes: (1 << 20) + n * 4096 + gasBound * 256 + calldata * 2,
  });
  return {
    scheduler: Scheduler.buffer(n),
    table: table.buffers,
    perTx: MvMemory.perTxBuffer(n),
    outcomes: new SharedArrayBuffer(Math.max(1, n) * 4),
    txs: block.transactions,
    env,
    fork,
    preChanges,
  };
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
  if (txs.length < (options.minParallelTxs ?? DEFAULT_MIN_PARALLEL_TXS))
    return sequential(block, state, options, "small block");
  if (fork < Fork.Byzantium && options.intermediateStateRoot !== undefined) {
    return sequential(block, state, options, "pre-Byzantium receipts need the state root after every transaction");
  }
  let blobGas = 0n;
  for (const tx of txs) blobGas += BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
  if (blobGas > MAX_BLOB_GAS_PER_BLOCK) return sequential(block, state, options, "blob gas above the limit");
  const pool = options.pool;
  const base = pool !== undefined && pool.threads > 1 ? baseDescriptor(state) : undefined;

  const ctx = beginBlock(block, state, options);
  const preChanges = new Map(ctx.overlay.changes());
  const shared = sharedBuffers(block, preChanges, ctx.env, fork);
  const workersDone: Promise<WorkerCounters[]> =
    pool !== undefined && base !== undefined
      ? pool.runBlock({ type: "block", block: shared, base, blockHashes: ancestorHashes(state, block.header.number) })
      : Promise.resolve([]);
  const main = new BlockWorker(shared, state);
  main.run(() => {});
  let counters: WorkerCounters[];
  try {
    counters = [main.counters, ...(await workersDone)];
  } catch (e) {
    return sequential(block, state, options, (e as Error).message);
  }
  if (main.scheduler.aborted)
    return sequential(block, state, options, main.scheduler.abortReason || "a worker aborted the run");

  // Outcomes in order: any invalid or crashed transaction, or one over the block's gas, is reported by the
  // sequential executor so that the error is exactly its error.
  const receipts: Receipt[] = [];
  let gasUsed = 0n;
  for (let i = 0; i < txs.length; i++) {
    const outcome = loadOutcome(main.table, Atomics.load(main.outcomes, i));
    if (outcome.kind !== OutcomeKind.Valid) return sequential(block, state, options, `transaction ${i} is not valid`);
    if (txs[i].gasLimit > block.header.gasLimit - gasUsed)
      return sequential(block, state, options, "block gas exceeded");
    gasUsed += outcome.gasUsed;
    receipts.push(receiptOf(txs[i].type, outcome, gasUsed, fork));
  }
  ctx.overlay.apply(netChanges(main.mv, ctx.overlay, ctx.env.coinbase, fork, txs.length));
  const total = counters.reduce((a, c) => {
    a.executions += c.executions;
    a.validations += c.validations;
    a.aborts += c.aborts;
    a.suspensions += c.suspensions;
    return a;
  }, newCounters());
  return finishBlock(
    block,
    ctx,
    receipts,
    {
      transactions: txs.length,
      mode: "parallel",
      threads: 1 + (base === undefined ? 0 : (pool?.threads ?? 1) - 1),
      ...total,
    },
    start,
  );
}
