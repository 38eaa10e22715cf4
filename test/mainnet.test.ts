/** Replays the 32 shared mainnet blocks: every one must match its header's gasUsed, logsBloom and receiptsRoot. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { loadMainnetFixture, mainnetFixtureDirs, replayBlock } from "../src/fixtures/mainnet.js";
import { missingFixturesMessage, requireFixtures } from "../src/fixtures/paths.js";
import { readJsonFile } from "../src/fixtures/prestate.js";
import { Fork, forkFromName } from "../src/forks.js";

const MAINNET_BLOCKS = 32;

test("all 32 mainnet blocks match their headers (receiptsRoot from Byzantium on)", (t) => {
  const root = requireFixtures();
  if (root === undefined) return t.skip(missingFixturesMessage());
  const folder = join(root, "mainnet");
  const index = readJsonFile(join(folder, "index.json")) as Array<{ number: number; fork: string; gasUsed: number }>;
  const dirs = mainnetFixtureDirs([folder]);
  assert.equal(dirs.length, MAINNET_BLOCKS);
  assert.equal(index.length, MAINNET_BLOCKS);
  const byNumber = new Map(index.map((e) => [e.number, e]));
  for (const dir of dirs) {
    const { block, pre } = loadMainnetFixture(dir);
    const { report } = replayBlock(block, pre);
    assert.equal(report.mismatch, undefined, `block ${report.number}`);
    assert.ok(report.ok, `block ${report.number}`);
    const entry = byNumber.get(report.number);
    assert.ok(entry !== undefined, `block ${report.number} is in index.json`);
    assert.equal(report.gasUsed, entry.gasUsed, `block ${report.number} gas`);
    // The schedule's fork must be the one the fixture names.
    assert.equal(forkFromName(report.fork), forkFromName(entry.fork), `block ${report.number} fork`);
    const fork = forkFromName(report.fork) as Fork;
    assert.equal(report.receiptsRootChecked, fork >= Fork.Byzantium, `block ${report.number} receipts root checked`);
  }
});
