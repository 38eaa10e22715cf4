/** The shared blockchain tests (ethereum-tests/BlockchainTests, network Cancun): all 573 must pass. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { runBlockTests } from "../src/fixtures/blocktest.js";
import { missingFixturesMessage, requireFixtures } from "../src/fixtures/paths.js";

const BLOCKCHAIN_TESTS = 573;

test("all 573 Cancun blockchain tests pass (ValidBlocks and InvalidBlocks)", (t) => {
  const root = requireFixtures();
  if (root === undefined) return t.skip(missingFixturesMessage());
  const folder = join(root, "ethereum-tests", "BlockchainTests");
  const report = runBlockTests([folder]);
  assert.deepEqual(
    report.failures.map((f) => `${f.id.slice(folder.length + 1)}: ${f.message.slice(0, 300)}`),
    [],
  );
  assert.equal(report.passed, BLOCKCHAIN_TESTS);
  t.diagnostic(`${report.passed} passed, ${report.failed} failed`);
});
