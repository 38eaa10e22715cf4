/** `parevm statetest <file or folder>... [--fork NAME] [--json]` */
import { runStateTests } from "../fixtures/statetest.js";
import { Fork, forkFromName } from "../forks.js";
import { parseArgs, UsageError } from "./args.js";
import { printTestReport } from "./report.js";

export function runStateTestCommand(argv: string[]): number {
  const args = parseArgs(argv, { flags: ["json"], options: ["fork"] });
  if (args.positional.length === 0) throw new UsageError("statetest needs at least one file or folder of state tests");
  const forkName = args.options.fork ?? "Cancun";
  const fork = forkFromName(forkName);
  if (fork === undefined) throw new UsageError(`unknown fork "${forkName}" (try Cancun, Shanghai, London, Berlin, …)`);
  const json = args.flags.json;
  const report = runStateTests(args.positional, {
    fork,
    onFailure: (f) => {
      if (!json) console.log(`FAIL ${f.id}: ${f.message}`);
    },
  });
  return printTestReport(report, json, { fork: Fork[fork] });
}
