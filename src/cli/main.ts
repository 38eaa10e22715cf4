#!/usr/bin/env node
/** The `parevm` command. */
import { UsageError } from "./args.js";
import { runBlockTestCommand } from "./blocktest.js";
import { runRunCommand } from "./run.js";
import { runStateTestCommand } from "./statetest.js";

const HELP = `parevm — a parallel EVM execution engine

Usage:
  parevm statetest <file or folder>... [--fork NAME] [--json]
      Run filled GeneralStateTests (default fork Cancun). Prints failures and "N passed, M failed".
  parevm blocktest <file or folder>... [--json]
      Run blockchain tests (ValidBlocks, InvalidBlocks): import every block with header checks, reject the
      invalid ones with the expected reason, compare the final state and head. Prints "N passed, M failed".
  parevm run <block folder or fixtures folder>... [--json] [--db PATH] [--threads N [--trace FILE]]
      Replay mainnet block fixtures (block.json, pre_state.json, block_hashes.json); check gasUsed, logsBloom
      and receiptsRoot against the header. Prints a line per block and "N passed, M failed".
      --db PATH: execute from and commit to LMDB databases in PATH/<block number> instead of memory.
      --threads N: also execute each block in parallel (Block-STM, N threads or "auto"); the parallel result
      must match the header and equal the sequential one; prints parallel ms, speedup, re-executions/tx,
      parallelism (work over critical path). --trace FILE: Chrome trace (Perfetto) of the parallel runs.
  parevm bench [--json] [--workload NAME]... [--txs N] [--repeat N] [--warmup N]
      Sequential benchmark: parevm against @ethereumjs/vm on generated blocks.
  parevm bench --threads N [--json] [--workload NAME]... [--mainnet] [--simulate LIST] [--no-ceiling]
               [--txs N] [--repeat N]
      Sequential against parallel on the workloads and the mainnet fixtures: ms, speedup, re-executions/tx,
      parallelism, and the machine's ceiling (N independent sequential copies at once against one);
      --simulate 2,4,8,16,32 adds the scaling model's projections.
  parevm help
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "statetest":
      return runStateTestCommand(rest);
    case "blocktest":
      return runBlockTestCommand(rest);
    case "run":
      return runRunCommand(rest);
    case "bench": {
      const { runBenchCommand } = await import("./bench.js");
      return runBenchCommand(rest);
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`parevm: ${err.message}\n\n${HELP}`);
      process.exitCode = 2;
    } else {
      const e = err as Error;
      console.error(`parevm: ${e.name === "Error" ? "" : `${e.name}: `}${e.message}`);
      process.exitCode = 1;
    }
  },
);
