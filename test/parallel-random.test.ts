/**
 * Property: for 1,000 random blocks (random senders, receivers, contracts and conflicts, forks Byzantium to
 * Cancun), the parallel executor with 1, 2, 3 and 4 threads returns exactly the sequential BlockResult, or
 * rejects the block with exactly the same error.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import fc from "fast-check";
import { canonicalResult } from "../src/block/compare.js";
import { InvalidBlockError } from "../src/block/errors.js";
import { executeBlock } from "../src/block/execute.js";
import { executeBlockParallel } from "../src/parallel/executor.js";
import { WorkerPool } from "../src/parallel/pool.js";
import { blockSpec, buildBlock, preState, resultOrRejection } from "./random-blocks.js";

const THREADS = [1, 2, 3, 4];
const pools = THREADS.map((n) => new WorkerPool(n));
after(async () => {
  for (const pool of pools) await pool.close();
});

test("1,000 random blocks: parallel (1-4 threads) equals sequential", async () => {
  const pre = preState();
  let parallelRuns = 0;
  let withConflicts = 0;
  await fc.assert(
    fc.asyncProperty(blockSpec, async (spec) => {
      const { block, fork } = buildBlock(spec);
      const expected = await resultOrRejection(() => executeBlock(block, pre, { fork }));
      for (const pool of pools) {
        let actual: unknown;
        try {
          const result = await executeBlockParallel(block, pre, { fork, pool, minParallelTxs: 0, chainSample: 0 });
          if (result.stats.mode === "parallel") parallelRuns++;
          if (result.stats.aborts + result.stats.suspensions > 0) withConflicts++;
          actual = canonicalResult(result);
        } catch (e) {
          if (!(e instanceof InvalidBlockError)) throw e;
          actual = `${e.reason}: ${e.detail}`;
        }
        assert.deepEqual(actual, expected, `${pool.threads} threads`);
      }
    }),
    { numRuns: 1000, seed: 20261124 },
  );
  // The property ran the parallel machinery, and on blocks where transactions really conflicted.
  assert.ok(parallelRuns > 3000, `parallel runs: ${parallelRuns}`);
  assert.ok(withConflicts > 100, `runs with aborts or suspensions: ${withConflicts}`);
});
