/**
 * executeBlock: the sequential reference. System call, transactions in order over a block overlay, rewards and
 * withdrawals, then receipts, bloom and receipts root. The database is only read: the result carries the block's
 * net state changes for the caller to commit, so a block that turns out invalid leaves no trace.
 */
import { type ChainConfig, Fork, forkAt, MAINNET } from "../forks.js";
import { Journal } from "../state/journal.js";
import { StateOverlay } from "../state/overlay.js";
import type { StateChanges, StateReader } from "../state/types.js";
import { type BlockEnv, blockEnvFromHeader } from "./env.js";
import { InvalidBlockError } from "./errors.js";
import type { ValidTxOutcome } from "./outcome.js";
import { logsBloom, orBloom, type Receipt, receiptsRoot } from "./receipt.js";
import { payRewards } from "./rewards.js";
import { applyWithdrawals, beaconRootCall } from "./system.js";
import { executeTransaction } from "./transaction.js";
import type { Block } from "./types.js";
import { GAS_PER_BLOB, MAX_BLOBS_PER_BLOCK } from "./validate.js";

export const MAX_BLOB_GAS_PER_BLOCK = BigInt(MAX_BLOBS_PER_BLOCK) * GAS_PER_BLOB;

export interface ExecuteBlockOptions {
  /** Fork schedule and chain id (default: mainnet). */
  chain?: ChainConfig;
  /** Forces a fork instead of the chain's schedule. */
  fork?: Fork;
  /**
   * Before Byzantium a receipt holds the state root after its transaction. Given full state, pass this to
   * compute it; without it those receipts' roots (and the receipts root) are left undefined.
   */
  intermediateStateRoot?: (state: StateOverlay) => Uint8Array;
  /** Reported in `stats.mode` (the parallel executor says why it fell back). */
  mode?: string;
}

export interface BlockStats {
  transactions: number;
  /** How the block ran: "sequential", "parallel", or "sequential (fallback: why)". */
  mode: string;
  /** Threads that executed transactions (1 sequentially). */
  threads: number;
  /** Transaction executions (equal to `transactions` sequentially; the parallel executor re-executes). */
  executions: number;
  /** Block-STM validations, aborted incarnations and suspensions on a dependency (0 sequentially). */
  validations: number;
  aborts: number;
  suspensions: number;
  /** Wall time of execution, system operations included, in milliseconds. */
  ms: number;
  /**
   * Parallel runs: the longest chain of transactions that read each other's writes, weighted by their last
   * execution's time (ms), and the work over that chain: the speedup unlimited threads could reach on this
   * block. Undefined for sequential runs.
   */
  criticalPathMs?: number;
  parallelism?: number;
  /**
   * A parallel run that fell back to sequential execution part way: the leading transactions it had already
   * finished and kept (the sequential executor ran the rest).
   */
  keptFromParallel?: number;
}

/** The counters of a sequential run of `transactions` transactions. */
export function sequentialStats(transactions: number, mode = "sequential"): Omit<BlockStats, "ms"> {
  return { transactions, mode, threads: 1, executions: transactions, validations: 0, aborts: 0, suspensions: 0 };
}

export interface BlockResult {
  number: bigint;
  fork: Fork;
  receipts: Receipt[];
  gasUsed: bigint;
  blobGasUsed: bigint;
  logsBloom: Uint8Array;
  /** Undefined when a pre-Byzantium receipt's state root is unknown (partial pre-state). */
  receiptsRoot: Uint8Array | undefined;
  /** Net changes of the whole block: accounts with their new balance, nonce, code and storage; destroyed accounts. */
  stateChanges: StateChanges;
  /** What could not be applied from the inputs given (e.g. uncle rewards when uncle headers are unknown). */
  warnings: string[];
  stats: BlockStats;
  /** Set by the parallel executor when asked (`trace: true`): what each thread did, for a timeline. */
  trace?: BlockTrace;
  /** Set by the parallel executor when asked (`profile: true`): costs and dependencies for the scaling model. */
  profile?: BlockProfile;
}

/** What a parallel run recorded about each transaction, for the scaling model (parallel/simulate.ts). */
export interface BlockProfile {
  /** Last execution's time, ms. */
  executionMs: number[];
  /** Last validation's time, ms. */
  validationMs: number[];
  /** For each transaction, the earlier transactions whose writes its final incarnation read. */
  dependencies: number[][];
  /** For each transaction, the previous one from the same sender, or -1. */
  previousFromSender: number[];
}

/** Per thread (0 = the calling thread), flat records of (kind, tx, incarnation, start ms, end ms, result). */
export interface BlockTrace {
  threads: number[][];
}

/** What both executors need before the first transaction: the rules, the context and the starting overlay. */
export interface BlockContext {
  fork: Fork;
  env: BlockEnv;
  overlay: StateOverlay;
}

export function blockFork(block: Block, options: ExecuteBlockOptions): Fork {
  return options.fork ?? forkAt(options.chain ?? MAINNET, block.header.number, block.header.timestamp);
}

/** Sets up the block and runs what precedes the transactions (the EIP-4788 beacon-roots call). */
export function beginBlock(block: Block, state: StateReader, options: ExecuteBlockOptions): BlockContext {
  const chain = options.chain ?? MAINNET;
  const fork = blockFork(block, options);
  if (chain.daoForkBlock === block.header.number && options.fork === undefined) {
    throw new InvalidBlockError(
      "Unsupported.DAO_FORK",
      `block ${block.header.number} is the DAO fork's irregular state change, which parevm does not implement`,
    );
  }
  const env = blockEnvFromHeader(block.header, fork, chain.chainId);
  const overlay = new StateOverlay(state);
  if (fork >= Fork.Cancun) {
    const root = block.header.parentBeaconBlockRoot;
    if (root === undefined)
      throw new InvalidBlockError("BlockException.INCORRECT_BLOCK_FORMAT", "no parentBeaconBlockRoot");
    const journal = new Journal(overlay);
    beaconRootCall(journal, env, fork, root);
    overlay.apply(journal.changes(true));
  }
  return { fork, env, overlay };
}

/** Receipt of a valid transaction, given the block's gas used up to and including it. */
export function receiptOf(
  type: number,
  outcome: Pick<ValidTxOutcome, "status" | "gasUsed" | "logs"> & { bloom?: Uint8Array; encodedLogs?: Uint8Array },
  cumulativeGasUsed: bigint,
  fork: Fork,
): Receipt {
  return {
    encodedLogs: outcome.encodedLogs,
    type,
    status: fork >= Fork.Byzantium ? outcome.status : undefined,
    root: undefined,
    cumulativeGasUsed,
    gasUsed: outcome.gasUsed,
    logs: outcome.logs,
    bloom: outcome.bloom ?? logsBloom(outcome.logs),
  };
}

/** Rewards and withdrawals, then the block's totals. `receipts` are complete and in order. */
export function finishBlock(
  block: Block,
  ctx: BlockContext,
  receipts: Receipt[],
  stats: Omit<BlockStats, "ms">,
  startMs: number,
  /** The receipts root when already computed from these receipts (the parallel executor hashes on every thread). */
  knownReceiptsRoot?: Uint8Array,
  /** Likewise the OR of the receipts' blooms. */
  knownBloom?: Uint8Array,
): BlockResult {
  const { fork, overlay } = ctx;
  const warnings: string[] = [];
  const journal = new Journal(overlay);
  if (fork < Fork.Paris) {
    if (block.uncles === undefined) {
      payRewards(journal, block.header, [], fork);
      if (block.uncleHashes.length > 0) {
        warnings.push(
          `${block.uncleHashes.length} uncle reward(s) not applied: the uncle headers are not in the input`,
        );
      }
    } else payRewards(journal, block.header, block.uncles, fork);
  }
  if (fork >= Fork.Shanghai) applyWithdrawals(journal, block.withdrawals ?? []);
  overlay.apply(journal.changes(fork >= Fork.SpuriousDragon));

  let bloom = knownBloom;
  if (bloom === undefined) {
    bloom = new Uint8Array(256);
    for (const r of receipts) orBloom(bloom, r.bloom);
  }
  let blobGasUsed = 0n;
  for (const tx of block.transactions) blobGasUsed += BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
  return {
    number: block.header.number,
    fork,
    receipts,
    gasUsed: receipts.length === 0 ? 0n : receipts[receipts.length - 1].cumulativeGasUsed,
    blobGasUsed,
    logsBloom: bloom,
    receiptsRoot: knownReceiptsRoot ?? receiptsRoot(receipts),
    stateChanges: overlay.changes(),
    warnings,
    stats: { ...stats, ms: performance.now() - startMs },
  };
}

/** Executes a block sequentially against `state` (read only). Throws InvalidBlockError for an invalid block. */
export function executeBlock(block: Block, state: StateReader, options: ExecuteBlockOptions = {}): BlockResult {
  const start = performance.now();
  return continueBlock(block, beginBlock(block, state, options), [], options, start);
}

/**
 * Runs the block's transactions from `receipts.length` on and finishes the block. The transactions before
 * that are done: `receipts` holds theirs and `ctx.overlay` their changes (the parallel executor hands over a
 * prefix it already ran this way).
 */
export function continueBlock(
  block: Block,
  ctx: BlockContext,
  receipts: Receipt[],
  options: ExecuteBlockOptions,
  start: number,
): BlockResult {
  const { fork, env, overlay } = ctx;
  const txs = block.transactions;
  const from = receipts.length;
  let gasUsed = from === 0 ? 0n : receipts[from - 1].cumulativeGasUsed;
  let blobGasUsed = 0n;
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i];
    blobGasUsed += BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
    if (blobGasUsed > MAX_BLOB_GAS_PER_BLOCK) {
      throw new InvalidBlockError(
        "TransactionException.TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED",
        `transaction ${i} takes the block's blob gas to ${blobGasUsed}, above ${MAX_BLOB_GAS_PER_BLOCK}`,
      );
    }
    if (i < from) continue;
    const outcome = executeTransaction(overlay, tx, env, fork, { gasAvailable: env.gasLimit - gasUsed });
    if (!outcome.valid) {
      throw new InvalidBlockError(`TransactionException.${outcome.reason}`, `transaction ${i}: ${outcome.message}`);
    }
    overlay.apply(outcome.changes);
    gasUsed += outcome.gasUsed;
    const receipt = receiptOf(tx.type, outcome, gasUsed, fork);
    if (fork < Fork.Byzantium && options.intermediateStateRoot !== undefined) {
      receipt.root = options.intermediateStateRoot(overlay);
    }
    receipts.push(receipt);
  }
  return finishBlock(block, ctx, receipts, sequentialStats(txs.length, options.mode), start);
}
