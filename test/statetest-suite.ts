/**
 * The Cancun GeneralStateTests from the shared fixtures, split into shards so the suite uses both cores
 * (node --test runs test files in parallel processes).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { missingFixturesMessage, requireFixtures } from "../src/fixtures/paths.js";
import { collectJsonFiles, runStateTestFile, type StateTestReport } from "../src/fixtures/statetest.js";
import { Fork } from "../src/forks.js";

/** Sub-tests every shard together must run: the Cancun count of ethereum/tests at the pinned commit. */
export const CANCUN_SUBTESTS = 18876;
export const SHARDS = 2;

/**
 * Sub-tests allowed to fail, by id suffix ("dir/file.json:test:d-g-v"), each with its reason. Empty: every
 * Cancun sub-test passes. A new failure, or a listed one that starts passing, fails the suite.
 */
export const KNOWN_FAILURES: ReadonlyMap<string, string> = new Map();

export function stateTestsFolder(t: TestContext): string | undefined {
  const root = requireFixtures();
  if (root === undefined) {
    t.skip(missingFixturesMessage());
    return undefined;
  }
  return join(root, "ethereum-tests", "GeneralStateTests");
}

/** Files of shard `k`: every SHARDS-th file, so heavy folders spread over shards. */
export function shardFiles(folder: string, k: number): string[] {
  return collectJsonFiles([folder]).filter((_, i) => i % SHARDS === k);
}

export function runShard(t: TestContext, k: number): void {
  const folder = stateTestsFolder(t);
  if (folder === undefined) return;
  const report: StateTestReport = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const file of shardFiles(folder, k)) runStateTestFile(file, { fork: Fork.Cancun }, report);
  const unexpected = report.failures.filter((f) => !KNOWN_FAILURES.has(f.id.slice(folder.length + 1)));
  assert.deepEqual(
    unexpected.map((f) => `${f.id.slice(folder.length + 1)}: ${f.message.slice(0, 300)}`),
    [],
    `${unexpected.length} Cancun state tests failed`,
  );
  const failedIds = new Set(report.failures.map((f) => f.id.slice(folder.length + 1)));
  for (const id of KNOWN_FAILURES.keys()) {
    if (shardFiles(folder, k).some((file) => id.startsWith(file.slice(folder.length + 1)))) {
      assert.ok(failedIds.has(id), `${id} is listed as a known failure but passes: remove it from KNOWN_FAILURES`);
    }
  }
  t.diagnostic(`shard ${k}: ${report.passed} passed, ${report.failed} failed`);
}
