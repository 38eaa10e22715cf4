/** `parevm run <block folder or fixtures folder>... [--json]`: replays mainnet block fixtures and checks headers. */
import { basename } from "node:path";
import { FixtureError } from "../fixtures/errors.js";
import { type BlockReport, loadMainnetFixture, mainnetFixtureDirs, replayBlock } from "../fixtures/mainnet.js";
import { parseArgs, UsageError } from "./args.js";

export const RUN_USAGE = "parevm run <block folder or fixtures folder>... [--json]";

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

export function formatBlockLine(r: BlockReport): string {
  if (r.fork === "unknown") return `block ${r.number < 0 ? "?" : r.number} ERROR: ${r.mismatch}`;
  const verdict = r.ok
    ? r.receiptsRootChecked
      ? "match"
      : "match (receiptsRoot not checkable before Byzantium)"
    : `MISMATCH: ${r.mismatch}`;
  return `block ${r.number} ${r.fork} txs=${r.txs} gas=${r.gasUsed} ${r.ms.toFixed(1)}ms ${mgasPerSecond(r)} Mgas/s ${verdict}`;
}

export function runRunCommand(argv: string[]): number {
  const args = parseArgs(argv, { flags: ["json"], options: [] });
  if (args.positional.length === 0) throw new UsageError(`run needs at least one block folder\n  ${RUN_USAGE}`);
  const json = args.flags.json;
  const reports: BlockReport[] = [];
  for (const dir of mainnetFixtureDirs(args.positional)) {
    let report: BlockReport;
    try {
      const fixture = loadMainnetFixture(dir);
      report = replayBlock(fixture.block, fixture.pre).report;
    } catch (e) {
      // A malformed fixture fails that block with its message; the others still run.
      if (!(e instanceof FixtureError)) throw e;
      report = unreadableFixtureReport(dir, e.message);
    }
    reports.push(report);
    if (!json) {
      console.log(formatBlockLine(report));
      for (const w of report.warnings) console.log(`  note: ${w}`);
    }
  }
  const passed = reports.filter((r) => r.ok).length;
  const failed = reports.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  if (json) {
    const blocks = reports.map(({ number, fork, txs, gasUsed, ms, ok, mismatch }) => ({
      number,
      fork,
      txs,
      gasUsed,
      ms: Math.round(ms * 1000) / 1000,
      ok,
      mismatch: mismatch ?? null,
    }));
    console.log(JSON.stringify({ passed, failed, blocks }));
  }
  return failed === 0 ? 0 : 1;
}
