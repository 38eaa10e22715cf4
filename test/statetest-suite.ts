/**
 * The Cancun GeneralStateTests from the shared fixtures, split into shards so the suite uses both cores
 * (node --test runs test files in parallel processes).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { missingFixturesMessage, requireFixtures } from "../src/fixtures/paths.js";
import { collectJsonFiles, runStateTestFile, type StateTestReport } from "../src/fixtures/statetest.js";
import { Fork, forkFromName } from "../src/forks.js";

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

/**
 * Older-fork post sections: legacytests/Cancun (ethereum/tests filled for Istanbul..Cancun, with a few older
 * forks), legacytests/Constantinople (filled for Frontier..ConstantinopleFix; no txbytes, so transactions are
 * built from the template) and the older-fork sections of ethereum-tests Pyspecs. Counts from the fixtures
 * README, and equal to what the runner finds.
 */
export interface OlderForkRun {
  folder: string;
  fork: string;
  count: number;
  /**
   * Which of the two test files runs it. Measured: Istanbul, Berlin, London, Paris and Shanghai take ~65 s
   * each, all of legacytests/Constantinople ~17 s; so Istanbul+Berlin+London (~200 s) against
   * Paris+Shanghai+legacytests/Constantinople (~150 s), as close as whole runs allow.
   */
  shard: number;
}

export const OLDER_FORK_RUNS: ReadonlyArray<OlderForkRun> = [
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "Frontier", count: 144, shard: 0 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "Homestead", count: 231, shard: 1 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "EIP150", count: 215, shard: 0 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "EIP158", count: 215, shard: 1 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "Byzantium", count: 285, shard: 0 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "Constantinople", count: 299, shard: 1 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "ConstantinopleFix", count: 300, shard: 0 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "Istanbul", count: 5469, shard: 0 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "Berlin", count: 6525, shard: 0 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "London", count: 10889, shard: 0 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "Paris", count: 10722, shard: 1 },
  { folder: "legacytests/Cancun/GeneralStateTests", fork: "Shanghai", count: 10942, shard: 1 },
  { folder: "legacytests/Constantinople/GeneralStateTests", fork: "Frontier", count: 925, shard: 1 },
  { folder: "legacytests/Constantinople/GeneralStateTests", fork: "Homestead", count: 1725, shard: 1 },
  { folder: "legacytests/Constantinople/GeneralStateTests", fork: "EIP150", count: 1056, shard: 1 },
  { folder: "legacytests/Constantinople/GeneralStateTests", fork: "EIP158", count: 1171, shard: 1 },
  { folder: "legacytests/Constantinople/GeneralStateTests", fork: "Byzantium", count: 3457, shard: 1 },
  { folder: "legacytests/Constantinople/GeneralStateTests", fork: "Constantinople", count: 3540, shard: 1 },
  { folder: "legacytests/Constantinople/GeneralStateTests", fork: "ConstantinopleFix", count: 3534, shard: 1 },
  { folder: "legacytests/Constantinople/GeneralStateTests", fork: "Istanbul", count: 1, shard: 1 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "Frontier", count: 16, shard: 0 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "Homestead", count: 17, shard: 1 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "Byzantium", count: 33, shard: 0 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "Constantinople", count: 33, shard: 1 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "ConstantinopleFix", count: 33, shard: 0 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "Istanbul", count: 34, shard: 0 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "Berlin", count: 35, shard: 0 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "London", count: 39, shard: 0 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "Paris", count: 62, shard: 1 },
  { folder: "ethereum-tests/GeneralStateTests/Pyspecs", fork: "Shanghai", count: 171, shard: 1 },
];

/** Runs one older-fork section and requires every sub-test to pass and the count to match. */
export function runOlderFork(t: TestContext, run: OlderForkRun): void {
  const root = requireFixtures();
  if (root === undefined) {
    t.skip(missingFixturesMessage());
    return;
  }
  const fork = forkFromName(run.fork);
  assert.ok(fork !== undefined, `unknown fork ${run.fork}`);
  const folder = join(root, run.folder);
  const report: StateTestReport = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const file of collectJsonFiles([folder])) runStateTestFile(file, { fork }, report);
  assert.deepEqual(
    report.failures.map((f) => `${f.id.slice(folder.length + 1)}: ${f.message.slice(0, 300)}`),
    [],
    `${report.failed} ${run.fork} state tests failed`,
  );
  assert.equal(report.passed, run.count, `${run.fork} sub-tests in ${run.folder}`);
}
