/** `parevm blocktest <file or folder>... [--json]` */
import { runBlockTests } from "../fixtures/blocktest.js";
import { parseArgs, UsageError } from "./args.js";
import { printTestReport } from "./report.js";

export function runBlockTestCommand(argv: string[]): number {
  const args = parseArgs(argv, { flags: ["json"], options: [] });
  if (args.positional.length === 0)
    throw new UsageError("blocktest needs at least one file or folder of blockchain tests");
  const json = args.flags.json;
  const report = runBlockTests(args.positional, {
    onFailure: (f) => {
      if (!json) console.log(`FAIL ${f.id}: ${f.message}`);
    },
  });
  return printTestReport(report, json);
}
