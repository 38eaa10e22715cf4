/**
 * `parevm bench`: parevm against @ethereumjs/vm (sequential), or with --threads N sequential against parallel
 * on the workloads and the mainnet fixtures.
 */

import { availableParallelism } from "node:os";
import { join } from "node:path";
import {
  formatParallelReport,
  ParallelMismatchError,
  parallelReportToJson,
  runParallelBench,
} from "../bench/parallel.js";
import { BenchMismatchError, formatReport, reportToJson, runBench, UnknownWorkloadError } from "../bench/run.js";
import { fixturesRoot, missingFixturesMessage } from "../fixtures/paths.js";
import { workloadNames } from "../workloads/index.js";

export const BENCH_USAGE = `usage: parevm bench [--json] [--workload NAME]... [--txs N] [--repeat N] [--warmup N]
       parevm bench --threads N [--json] [--workload NAME]... [--mainnet] [--simulate LIST] [--no-ceiling]
                     [--txs N] [--repeat N] [--pool-warmup N]

Without --threads: runs generated blocks on parevm and on @ethereumjs/vm (same pre-state, senders recovered
beforehand) and prints time and Mgas/s per engine. Fails if the engines disagree on gas used.

With --threads N: runs each block sequentially and in parallel (Block-STM, N threads) alternately, and prints
sequential ms, parallel ms, speedup and re-executions per transaction (the fastest run of each counts), and the
machine's ceiling: N independent sequential copies of the block run at once against one copy alone, the best
speedup any parallel executor could show on this machine. Fails if the two results differ. Default: every workload and the mainnet fixtures; --workload narrows to those
workloads, --mainnet adds the mainnet fixtures to them.

  --json            print one JSON object instead of the table
  --workload NAME   run only this workload (repeatable, or comma-separated); default: all of them
  --txs N           transactions per block (default 2000)
  --repeat N        timed runs per engine, the fastest counts (default 3)
  --warmup N        transactions in the untimed warm-up run (default: the whole block; 0 = none)
  --threads N       sequential against parallel with N threads (the calling thread counts as one;
                    "auto" = every core)
  --mainnet         with --threads: also the mainnet fixture blocks
  --simulate LIST   with --threads: the scaling model's speedups for these thread counts (e.g. 2,4,8,16,32),
                    plus 1 and N to set beside the real run (per-transaction costs and conflicts recorded
                    from a parallel run, replayed through the same scheduler with simulated threads)
  --no-ceiling      with --threads: skip measuring the machine's ceiling
  --pool-warmup N   with --threads: untimed rounds of the mixed workload on both paths before timing, so that
                    the worker threads' code is warm as in a running node (default 8; 0 = none)

workloads:
${wrap(workloadNames().join(", "), 110, "  ")}`;

/** Breaks `text` at spaces into lines of at most `width` characters, each prefixed with `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line.length > 0 && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) lines.push(indent + line);
  return lines.join("\n");
}

interface BenchArgs {
  json: boolean;
  workloads: string[];
  txCount: number | undefined;
  repeat: number | undefined;
  warmupTxs: number | undefined;
  help: boolean;
  /** Set: sequential against parallel with this many threads, instead of parevm against ethereumjs. */
  threads: number | undefined;
  mainnet: boolean;
  simulate: number[];
  ceiling: boolean;
  /** With --threads: untimed warm-up rounds of the pool (undefined = the bench's default). */
  poolWarmup: number | undefined;
}

class UsageError extends Error {
  override name = "UsageError";
}

function positiveInt(flag: string, value: string | undefined, allowZero = false): number {
  const n = value === undefined ? Number.NaN : Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new UsageError(
      `${flag} needs a ${allowZero ? "non-negative" : "positive"} integer, got ${value ?? "nothing"}`,
    );
  }
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = {
    json: false,
    workloads: [],
    txCount: undefined,
    repeat: undefined,
    warmupTxs: undefined,
    help: false,
    threads: undefined,
    mainnet: false,
    simulate: [],
    ceiling: true,
    poolWarmup: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.indexOf("=");
    const flag = raw.startsWith("--") && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith("--") && eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "--json":
        args.json = true;
        break;
      case "--workload":
      case "-w": {
        const v = value();
        if (v === undefined) throw new UsageError("--workload needs a name");
        args.workloads.push(...v.split(",").filter((s) => s.length > 0));
        break;
      }
      case "--txs":
        args.txCount = positiveInt("--txs", value());
        break;
      case "--repeat":
        args.repeat = positiveInt("--repeat", value());
        break;
      case "--warmup":
        args.warmupTxs = positiveInt("--warmup", value(), true);
        break;
      case "--threads": {
        const v = value();
        args.threads = v === "auto" ? availableParallelism() : positiveInt("--threads", v);
        break;
      }
      case "--mainnet":
        args.mainnet = true;
        break;
      case "--simulate": {
        const v = value() ?? "";
        args.simulate = v.split(",").map((x) => positiveInt("--simulate", x));
        break;
      }
      case "--pool-warmup":
        args.poolWarmup = positiveInt("--pool-warmup", value(), true);
        break;
      case "--no-ceiling":
        args.ceiling = false;
        break;
      case "--help":
      case "-h":
        args.help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${raw}`);
    }
  }
  return args;
}

/** Runs `parevm bench` with the arguments after "bench"; returns the process exit code. */
export async function runBenchCommand(argv: string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`parevm bench: ${e.message}\n\n${BENCH_USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    console.log(BENCH_USAGE);
    return 0;
  }
  if (args.simulate.length > 0 && args.threads === undefined) {
    console.error(`parevm bench: --simulate needs --threads N (the real run it is checked against)\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (args.threads !== undefined) return runParallelBenchCommand(args, args.threads);
  try {
    const report = await runBench({
      workloads: args.workloads,
      txCount: args.txCount,
      repeat: args.repeat,
      warmupTxs: args.warmupTxs,
      log: args.json ? undefined : (line) => console.error(line),
    });
    if (args.json) console.log(JSON.stringify(reportToJson(report), null, 2));
    else console.log(`\n${formatReport(report)}`);
    return 0;
  } catch (e) {
    if (e instanceof UnknownWorkloadError) {
      console.error(`parevm bench: ${e.message}`);
      return 2;
    }
    if (e instanceof BenchMismatchError) {
      console.error(`parevm bench: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** `parevm bench --threads N`: every workload and the mainnet fixtures unless narrowed by --workload/--mainnet. */
async function runParallelBenchCommand(args: BenchArgs, threads: number): Promise<number> {
  const all = args.workloads.length === 0 && !args.mainnet;
  let mainnet: string[] = [];
  if (all || args.mainnet) {
    const root = fixturesRoot();
    if (root === undefined) {
      if (args.mainnet) {
        console.error(`parevm bench: --mainnet: ${missingFixturesMessage()}`);
        return 2;
      }
      console.error(`parevm bench: skipping the mainnet blocks: ${missingFixturesMessage()}`);
    } else mainnet = [join(root, "mainnet")];
  }
  try {
    const report = await runParallelBench({
      threads,
      workloads: all ? workloadNames() : args.workloads,
      mainnet,
      txCount: args.txCount,
      repeat: args.repeat,
      simulate: args.simulate,
      ceiling: args.ceiling,
      warmupRounds: args.poolWarmup,
      log: args.json ? undefined : (line) => console.error(line),
    });
    if (args.json) console.log(JSON.stringify(parallelReportToJson(report)));
    else console.log(`\n${formatParallelReport(report)}`);
    return 0;
  } catch (e) {
    if (e instanceof UnknownWorkloadError) {
      console.error(`parevm bench: ${e.message}`);
      return 2;
    }
    if (e instanceof ParallelMismatchError) {
      console.error(`parevm bench: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
