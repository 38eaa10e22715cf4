/** `parevm run <block folder or fixtures folder>... [--json]`: replays mainnet block fixtures and checks headers. */
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { canonicalResult, reexecutionsPerTx } from "../block/compare.js";
import type { BlockResult } from "../block/execute.js";
import type { Block } from "../block/types.js";
import { verifyBlockResult } from "../block/verify.js";
import { FixtureError } from "../fixtures/errors.js";
import {
  type BlockReport,
  loadMainnetFixture,
  type MainnetFixture,
  mainnetFixtureDirs,
  preStateChanges,
  replayBlock,
} from "../fixtures/mainnet.js";
import { executeBlockParallel } from "../parallel/executor.js";
import { WorkerPool } from "../parallel/pool.js";
import { chromeTrace, type TracedBlock } from "../parallel/trace.js";
import { bytesToBigInt } from "../primitives/hex.js";
import type { StateReader } from "../state/types.js";
import { parseArgs, UsageError } from "./args.js";

export const RUN_USAGE =
  "parevm run <block folder or fixtures folder>... [--json] [--db PATH] [--threads N [--trace FILE]]";

/** What --threads adds to a block's report: the parallel run beside the sequential one. */
interface ParallelFigures {
  parallelMs: number;
  speedup: number;
  reexecutionsPerTx: number;
  mode: string;
  /** Work over critical path of the parallel run (undefined when it fell back to sequential). */
  parallelism: number | undefined;
}

type RunReport = BlockReport & { parallel?: ParallelFigures };

function mgasPerSecond(r: BlockReport): string {
  return r.ms > 0 ? (r.gasUsed / r.ms / 1000).toFixed(1) : "-";
}

function unreadableFixtureReport(dir: string, message: string): BlockReport {
  const n = Number(basename(dir));
  return {
    number: Number.isInteger(n) ? n : -1,
    fork: "unknown",
    txs: 0,
    gasUsed: 0,
    ms: 0,
    ok: false,
    mismatch: message,
    receiptsRootChecked: false,
    warnings: [],
  };
}

export function formatBlockLine(r: RunReport): string {
  if (r.fork === "unknown") return `block ${r.number < 0 ? "?" : r.number} ERROR: ${r.mismatch}`;
  const verdict = r.ok
    ? r.receiptsRootChecked
      ? "match"
      : "match (receiptsRoot not checkable before Byzantium)"
    : `MISMATCH: ${r.mismatch}`;
  const line = `block ${r.number} ${r.fork} txs=${r.txs} gas=${r.gasUsed} ${r.ms.toFixed(1)}ms ${mgasPerSecond(r)} Mgas/s`;
  const p = r.parallel;
  if (p === undefined) return `${line} ${verdict}`;
  const mode = p.mode === "parallel" ? "" : ` [${p.mode}]`;
  const width = p.parallelism === undefined ? "" : ` parallelism ${p.parallelism.toFixed(2)}`;
  return `${line} | parallel ${p.parallelMs.toFixed(1)}ms ${p.speedup.toFixed(2)}x re-exec/tx ${p.reexecutionsPerTx.toFixed(2)}${width}${mode} ${verdict}`;
}

/**
 * Sequential replay (the header check), then the same block in parallel: its result must match the header
 * too and equal the sequential result exactly.
 */
async function replayWithParallel(
  block: Block,
  state: StateReader,
  pool: WorkerPool | undefined,
  traces: TracedBlock[] | undefined,
): Promise<{
  report: RunReport;
  result: BlockResult | undefined;
}> {
  const { report, result } = replayBlock(block, state);
  if (pool === undefined || result === undefined) return { report, result };
  const parallel = await executeBlockParallel(block, state, { pool, trace: traces !== undefined });
  if (traces !== undefined && parallel.trace !== undefined) {
    traces.push({ name: `block ${block.header.number}`, trace: parallel.trace });
  }
  const stats = parallel.stats;
  const figures: ParallelFigures = {
    parallelMs: stats.ms,
    speedup: stats.ms > 0 ? report.ms / stats.ms : 1,
    reexecutionsPerTx: reexecutionsPerTx(stats),
    mode: stats.mode,
    parallelism: stats.parallelism,
  };
  const problems = verifyBlockResult(block.header, parallel).mismatches.map((m) => `parallel: ${m.message}`);
  if (!isDeepStrictEqual(canonicalResult(parallel), canonicalResult(result))) {
    problems.push("parallel: the result differs from the sequential one");
  }
  if (problems.length > 0) {
    return {
      report: {
        ...report,
        ok: false,
        mismatch: [report.mismatch, ...problems].filter(Boolean).join("; "),
        parallel: figures,
      },
      result,
    };
  }
  return { report: { ...report, parallel: figures }, result };
}

/**
 * With --db, each block runs against its own LMDB database in PATH/<number> (the fixtures' pre-states are
 * unrelated snapshots): the pre-state is committed as the parent block, the block executes reading from LMDB,
 * and it is committed only when it matches its header. An existing PATH/<number> is never overwritten.
 */
async function replayOnLmdb(
  fixture: MainnetFixture,
  dbRoot: string,
  pool: WorkerPool | undefined,
  traces: TracedBlock[] | undefined,
): Promise<RunReport> {
  const { LmdbDatabase } = await import("../state/lmdb.js");
  const { block, pre } = fixture;
  const folder = join(dbRoot, String(block.header.number));
  if (existsSync(folder)) {
    throw new FixtureError(folder, "already exists; remove it or choose another --db folder (it is never overwritten)");
  }
  const db = LmdbDatabase.open(folder);
  try {
    db.commitBlock({
      number: block.header.number - 1n,
      hash: bytesToBigInt(block.header.parentHash),
      changes: preStateChanges(pre),
    });
    for (const [n, h] of pre.blockHashes) db.setBlockHash(n, h);
    const { report, result } = await replayWithParallel(block, db, pool, traces);
    if (report.ok && result !== undefined) {
      db.commitBlock({ number: block.header.number, hash: bytesToBigInt(block.hash), changes: result.stateChanges });
    }
    return report;
  } finally {
    await db.close();
  }
}

export async function runRunCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ["json"], options: ["db", "threads", "trace"] });
  const dbRoot = args.options.db;
  if (args.positional.length === 0) throw new UsageError(`run needs at least one block folder\n  ${RUN_USAGE}`);
  const threads = parseThreads(args.options.threads);
  const traceFile = args.options.trace;
  if (traceFile !== undefined && threads === undefined) throw new UsageError("--trace needs --threads N");
  const traces: TracedBlock[] | undefined = traceFile === undefined ? undefined : [];
  const json = args.flags.json;
  const reports: RunReport[] = [];
  const pool = threads === undefined ? undefined : new WorkerPool(threads);
  try {
    for (const dir of mainnetFixtureDirs(args.positional)) reports.push(await runOne(dir, dbRoot, pool, json, traces));
  } finally {
    await pool?.close();
  }
  if (traceFile !== undefined && traces !== undefined) writeTrace(traceFile, traces);
  return finish(reports, json);
}

/** Writes a Chrome trace (Perfetto) of the parallel runs; a file that cannot be written is a usage error. */
export function writeTrace(file: string, traces: TracedBlock[]): void {
  try {
    writeFileSync(file, JSON.stringify(chromeTrace(traces)));
  } catch (e) {
    throw new UsageError(`--trace ${file}: cannot write it (${(e as Error).message})`);
  }
}

function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === "auto") return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads needs a positive integer or "auto", got ${value}`);
  return n;
}

/** Loads and replays one fixture folder; a malformed fixture fails that block with its message. */
async function runOne(
  dir: string,
  dbRoot: string | undefined,
  pool: WorkerPool | undefined,
  json: boolean | undefined,
  traces: TracedBlock[] | undefined,
): Promise<RunReport> {
  let report: RunReport;
  try {
    const fixture = loadMainnetFixture(dir);
    report =
      dbRoot === undefined
        ? (await replayWithParallel(fixture.block, fixture.pre, pool, traces)).report
        : await replayOnLmdb(fixture, dbRoot, pool, traces);
  } catch (e) {
    if (!(e instanceof FixtureError)) throw e;
    report = unreadableFixtureReport(dir, e.message);
  }
  if (!json) {
    console.log(formatBlockLine(report));
    for (const w of report.warnings) console.log(`  note: ${w}`);
  }
  return report;
}

function finish(reports: RunReport[], json: boolean | undefined): number {
  const passed = reports.filter((r) => r.ok).length;
  const failed = reports.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  if (json) {
    const round = (x: number) => Math.round(x * 1000) / 1000;
    const blocks = reports.map(({ number, fork, txs, gasUsed, ms, ok, mismatch, parallel }) => ({
      number,
      fork,
      txs,
      gasUsed,
      ms: round(ms),
      ok,
      mismatch: mismatch ?? null,
      ...(parallel === undefined
        ? {}
        : {
            parallelMs: round(parallel.parallelMs),
            speedup: round(parallel.speedup),
            reexecutionsPerTx: round(parallel.reexecutionsPerTx),
            parallelism: parallel.parallelism === undefined ? null : round(parallel.parallelism),
            mode: parallel.mode,
          }),
    }));
    console.log(JSON.stringify({ passed, failed, blocks }));
  }
  return failed === 0 ? 0 : 1;
}
