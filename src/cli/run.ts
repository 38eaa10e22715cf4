/** `parevm run <block folder or fixtures folder>... [--json]`: replays mainnet block fixtures and checks headers. */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { FixtureError } from "../fixtures/errors.js";
import {
  type BlockReport,
  loadMainnetFixture,
  type MainnetFixture,
  mainnetFixtureDirs,
  preStateChanges,
  replayBlock,
} from "../fixtures/mainnet.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { parseArgs, UsageError } from "./args.js";

export const RUN_USAGE = "parevm run <block folder or fixtures folder>... [--json] [--db PATH]";

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

/**
 * With --db, each block runs against its own LMDB database in PATH/<number> (the fixtures' pre-states are
 * unrelated snapshots): the pre-state is committed as the parent block, the block executes reading from LMDB,
 * and it is committed only when it matches its header. An existing PATH/<number> is never overwritten.
 */
async function replayOnLmdb(fixture: MainnetFixture, dbRoot: string): Promise<BlockReport> {
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
    const { report, result } = replayBlock(block, db);
    if (report.ok && result !== undefined) {
      db.commitBlock({ number: block.header.number, hash: bytesToBigInt(block.hash), changes: result.stateChanges });
    }
    return report;
  } finally {
    await db.close();
  }
}

export async function runRunCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ["json"], options: ["db"] });
  const dbRoot = args.options.db;
  if (args.positional.length === 0) throw new UsageError(`run needs at least one block folder\n  ${RUN_USAGE}`);
  const json = args.flags.json;
  const reports: BlockReport[] = [];
  for (const dir of mainnetFixtureDirs(args.positional)) {
    let report: BlockReport;
    try {
      const fixture = loadMainnetFixture(dir);
      report =
        dbRoot === undefined ? replayBlock(fixture.block, fixture.pre).report : await replayOnLmdb(fixture, dbRoot);
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
