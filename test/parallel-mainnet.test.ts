/** Every shared mainnet block, executed in parallel with 1 to 4 threads, gives exactly the sequential result. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { canonicalResult } from "../src/block/compare.js";
import { executeBlock } from "../src/block/execute.js";
import { loadMainnetFixture, mainnetFixtureDirs } from "../src/fixtures/mainnet.js";
import { missingFixturesMessage, requireFixtures } from "../src/fixtures/paths.js";
import { executeBlockParallel } from "../src/parallel/executor.js";
import { WorkerPool } from "../src/parallel/pool.js";

const pools = new Map<number, WorkerPool>();
after(async () => {
  for (const pool of pools.values()) await pool.close();
});

for (const threads of [1, 2, 3, 4]) {
  test(`mainnet blocks: parallel with ${threads} thread(s) equals sequential`, async (t) => {
    const root = requireFixtures();
    if (root === undefined) return t.skip(missingFixturesMessage());
    const pool = new WorkerPool(threads);
    pools.set(threads, pool);
    let parallelRuns = 0;
    for (const dir of mainnetFixtureDirs([join(root, "mainnet")])) {
      const { block, pre } = loadMainnetFixture(dir);
      const expected = executeBlock(block, pre);
      const actual = await executeBlockParallel(block, pre, { pool, minParallelTxs: 0, chainSample: 0 });
      assert.deepEqual(canonicalResult(actual), canonicalResult(expected), `block ${block.header.number}`);
      assert.equal(actual.stats.threads, threads);
      if (actual.stats.mode === "parallel") parallelRuns++;
    }
    // Every block ran the parallel machinery (none fell back), so the equality above says something.
    assert.equal(parallelRuns, 32);
  });
}
