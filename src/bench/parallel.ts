/**
 * Sequential against parallel, side by side in one run: each block (generated workload or mainnet fixture)
 * is executed by executeBlock and by executeBlockParallel alternately, the fastest of `repeat` runs of each
 * counts, and the two results must be identical (else the bench fails). Ratios, not absolute times, are the
 * figures to compare on a shared machine.
 */
import { basename } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { canonicalResult, reexecutionsPerTx } from "../block/compare.js";
import { type BlockResult, executeBlock } from "../block/execute.js";
import { mainnetFixtureDirs } from "../fixtures/mainnet.js";
import { DEFAULT_MIN_PARALLEL_TXS, executeBlockParallel } from "../parallel/executor.js";
import { WorkerPool } from "../parallel/pool.js";
import { simulate } from "../parallel/simulate.js";
import { type BlockSource, type LoadedBlock, loadBlockSource } from "./block-source.js";
import { CeilingProbe } from "./ceiling.js";

export interface ParallelBenchRow {
  name: string;
  kind: "workload" | "mainnet";
  txs: number;
  gasUsed: number;
  sequentialMs: number;
  parallelMs: number;
  speedup: number;
  /** Executions beyond one per transaction, per transaction, in the fastest parallel run. */
  reexecutionsPerTx: number;
  /** "parallel", or why the parallel executor ran it sequentially. */
  mode: string;
  /** A run that fell back part way: the leading transactions kept from the parallel attempt. */
  keptFromParallel?: number;
  /** Work over critical path in the fastest parallel run: the speedup unlimited threads could reach. */
  parallelism: number | undefined;
  /**
   * The machine's ceiling for this block: as many independent sequential copies at once as there are threads,
   * against one copy (see bench/ceiling.ts). Undefined when not measured.
   */
  ceiling: number | undefined;
  /** With --simulate: the scaling model's speedup per simulated thread count (1 and the real count included). */
  simulated?: Record<string, number>;
}

export interface ParallelBenchReport {
  threads: number;
  repeat: number;
  /** Untimed rounds of the warm-up block run on both paths before the first timed block. */
  warmupRounds: number;
  rows: ParallelBenchRow[];
}

/** Default rounds of WARMUP_WORKLOAD before timing: the workers' JIT takes about this many to settle. */
export const DEFAULT_WARMUP_ROUNDS = 8;
/** Run before timing because it exercises every workload's contracts, on every path a block can take. */
const WARMUP_WORKLOAD = "mixed";

export interface ParallelBenchOptions {
  threads: number;
  workloads: string[];
  /** Mainnet fixture folders (block folders or a folder of them); empty = none. */
  mainnet: string[];
  txCount?: number;
  repeat?: number;
  /** Thread counts for the scaling model (empty = no simulation). */
  simulate?: number[];
  /** Also measure the machine's ceiling for each block (default true). */
  ceiling?: boolean;
  /** Untimed rounds of the mixed workload on both paths before timing (default DEFAULT_WARMUP_ROUNDS). */
  warmupRounds?: number;
  log?: (line: string) => void;
}

export class ParallelMismatchError extends Error {
  override name = "ParallelMismatchError";
}

async function measure(
  name: string,
  source: BlockSource,
  pool: WorkerPool,
  probe: CeilingProbe | undefined,
  repeat: number,
  simulateThreads: number[],
): Promise<ParallelBenchRow> {
  const loaded: LoadedBlock = loadBlockSource(source);
  const { block, state, fork } = loaded;
  let sequentialMs = Number.POSITIVE_INFINITY;
  let parallelMs = Number.POSITIVE_INFINITY;
  let best: BlockResult | undefined;
  // One untimed round warms both paths (and the workers' caches) before timing.
  for (let i = 0; i <= repeat; i++) {
    let t = performance.now();
    const seq = executeBlock(block, state, { fork });
    const s = performance.now() - t;
    t = performance.now();
    const par = await executeBlockParallel(block, state, { fork, pool });
    const p = performance.now() - t;
    if (!isDeepStrictEqual(canonicalResult(par), canonicalResult(seq))) {
      throw new ParallelMismatchError(`${name}: the parallel result differs from the sequential one`);
    }
    if (i === 0) continue;
    sequentialMs = Math.min(sequentialMs, s);
    if (p < parallelMs) {
      parallelMs = p;
      best = par;
    }
  }
  const stats = (best as BlockResult).stats;
  let simulated: Record<string, number> | undefined;
  // Blocks below the small-block size are not modelled: they always run sequentially.
  if (simulateThreads.length > 0 && block.transactions.length >= DEFAULT_MIN_PARALLEL_TXS) {
    // One more run records costs and dependencies, with every fallback off so that the block is modelled.
    const profiled = await executeBlockParallel(block, state, {
      fork,
      pool,
      profile: true,
      chainSample: 0,
      minParallelTxs: 0,
    });
    if (profiled.profile !== undefined) {
      simulated = {};
      for (const n of [...new Set([1, pool.threads, ...simulateThreads])].sort((a, b) => a - b)) {
        simulated[String(n)] = simulate(profiled.profile, n).speedup;
      }
    }
  }
  const ceiling = probe === undefined ? undefined : await probe.measure(source, loaded, sequentialMs, repeat);
  return {
    name,
    kind: source.kind,
    txs: block.transactions.length,
    gasUsed: Number((best as BlockResult).gasUsed),
    sequentialMs,
    parallelMs,
    speedup: sequentialMs / parallelMs,
    reexecutionsPerTx: reexecutionsPerTx(stats),
    mode: stats.mode,
    keptFromParallel: stats.keptFromParallel,
    parallelism: stats.parallelism,
    ceiling,
    simulated,
  };
}

/**
 * A pool in steady state, as in a node that has run blocks for a while: fresh worker threads run the
 * parallel path several times slower for their first few blocks (measured: raw transfers 265, 99, 67, 52, 41,
 * then about 20 ms; sequential 17-25 ms after its first run), which would count against whichever block came
 * first. The main thread's sequential path is warmed by the same rounds.
 */
async function warmPool(pool: WorkerPool, rounds: number): Promise<void> {
  if (rounds === 0) return;
  const { block, state, fork } = loadBlockSource({ kind: "workload", name: WARMUP_WORKLOAD });
  for (let i = 0; i < rounds; i++) {
    executeBlock(block, state, { fork });
    await executeBlockParallel(block, state, { fork, pool });
  }
}

export async function runParallelBench(options: ParallelBenchOptions): Promise<ParallelBenchReport> {
  const repeat = options.repeat ?? 3;
  const warmupRounds = options.warmupRounds ?? DEFAULT_WARMUP_ROUNDS;
  const pool = new WorkerPool(options.threads);
  const probe = options.ceiling === false || options.threads < 2 ? undefined : new CeilingProbe(options.threads);
  const rows: ParallelBenchRow[] = [];
  const sources: Array<[string, BlockSource]> = options.workloads.map((name) => [
    name,
    { kind: "workload", name, txCount: options.txCount },
  ]);
  for (const dir of options.mainnet.length > 0 ? mainnetFixtureDirs(options.mainnet) : []) {
    sources.push([`mainnet ${basename(dir)}`, { kind: "mainnet", dir }]);
  }
  try {
    await warmPool(pool, warmupRounds);
    for (const [name, source] of sources) {
      const row = await measure(name, source, pool, probe, repeat, options.simulate ?? []);
      options.log?.(formatRow(row));
      rows.push(row);
    }
  } finally {
    await Promise.all([pool.close(), probe?.close()]);
  }
  return { threads: options.threads, repeat, warmupRounds, rows };
}

export function formatRow(r: ParallelBenchRow): string {
  const kept = r.keptFromParallel === undefined ? "" : `, ${r.keptFromParallel} kept from the attempt`;
  const mode = r.mode === "parallel" ? "" : `  (${r.mode}${kept})`;
  const width = r.parallelism === undefined ? "" : `  parallelism ${r.parallelism.toFixed(1)}`;
  const ceiling = r.ceiling === undefined ? "" : `  ceiling ${r.ceiling.toFixed(2)}x`;
  const model =
    r.simulated === undefined
      ? ""
      : `\n${"".padEnd(22)} model: ${Object.entries(r.simulated)
          .map(([n, x]) => `${n} threads ${x.toFixed(2)}x`)
          .join(", ")}`;
  return `${r.name.padEnd(22)} ${String(r.txs).padStart(5)} txs  seq ${r.sequentialMs.toFixed(1).padStart(8)} ms  par ${r.parallelMs.toFixed(1).padStart(8)} ms  ${r.speedup.toFixed(2).padStart(5)}x  re-exec/tx ${r.reexecutionsPerTx.toFixed(2)}${ceiling}${width}${mode}${model}`;
}

export function formatParallelReport(report: ParallelBenchReport): string {
  const lines = [
    `sequential vs parallel, ${report.threads} threads, fastest of ${report.repeat} runs each` +
      ` (after ${report.warmupRounds} warm-up rounds of the ${WARMUP_WORKLOAD} workload)`,
  ];
  for (const row of report.rows) lines.push(formatRow(row));
  const mainnet = report.rows.filter((r) => r.kind === "mainnet");
  if (mainnet.length > 0) {
    const seq = mainnet.reduce((a, r) => a + r.sequentialMs, 0);
    const par = mainnet.reduce((a, r) => a + r.parallelMs, 0);
    lines.push(`mainnet total: seq ${seq.toFixed(1)} ms, par ${par.toFixed(1)} ms, ${(seq / par).toFixed(2)}x`);
    for (const [n, s] of Object.entries(modelSummary(mainnet))) {
      lines.push(
        `model, mainnet, ${n} threads: average ${s.average.toFixed(2)}x, best ${s.best.toFixed(2)}x, worst ${s.worst.toFixed(2)}x`,
      );
    }
  }
  return lines.join("\n");
}

/** Average, best and worst modelled speedup per thread count over the given rows. */
export function modelSummary(
  rows: ParallelBenchRow[],
): Record<string, { average: number; best: number; worst: number }> {
  const out: Record<string, { average: number; best: number; worst: number }> = {};
  const byThreads = new Map<string, number[]>();
  for (const r of rows)
    for (const [n, x] of Object.entries(r.simulated ?? {})) byThreads.set(n, [...(byThreads.get(n) ?? []), x]);
  for (const [n, xs] of byThreads) {
    out[n] = { average: xs.reduce((a, x) => a + x, 0) / xs.length, best: Math.max(...xs), worst: Math.min(...xs) };
  }
  return out;
}

export function parallelReportToJson(report: ParallelBenchReport): unknown {
  return {
    threads: report.threads,
    repeat: report.repeat,
    warmupRounds: report.warmupRounds,
    blocks: report.rows.map((r) => ({
      ...r,
      sequentialMs: Math.round(r.sequentialMs * 1000) / 1000,
      parallelMs: Math.round(r.parallelMs * 1000) / 1000,
      speedup: Math.round(r.speedup * 1000) / 1000,
      reexecutionsPerTx: Math.round(r.reexecutionsPerTx * 1000) / 1000,
      parallelism: r.parallelism === undefined ? null : Math.round(r.parallelism * 100) / 100,
      ceiling: r.ceiling === undefined ? null : Math.round(r.ceiling * 100) / 100,
      simulated:
        r.simulated === undefined
          ? null
          : Object.fromEntries(Object.entries(r.simulated).map(([n, x]) => [n, Math.round(x * 100) / 100])),
    })),
  };
}
