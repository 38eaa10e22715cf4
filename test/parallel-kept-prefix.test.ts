/**
 * A run stopped part way as a dependency chain keeps the transactions already final (their receipts and
 * changes read off multi-version memory) and the sequential executor runs the rest. Property: for random
 * blocks stopped after a random number of executions, at 2 and 3 threads, the result is exactly the
 * sequential one (or the same rejection).
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import fc from "fast-check";
import { executeBlock } from "../src/block/execute.js";
import { executeBlockParallel } from "../src/parallel/executor.js";
import { WorkerPool } from "../src/parallel/pool.js";
import { blockSpec, buildBlock, preState, resultOrRejection } from "./random-blocks.js";

const pools = [2, 3].map((n) => new WorkerPool(n));
after(async () => {
  for (const pool of pools) await pool.close();
});

test("random blocks stopped as a chain part way: kept prefix and sequential rest equal sequential", async () => {
  const pre = preState();
  let stopped = 0;
  let partlyKept = 0;
  await fc.assert(
    fc.asyncProperty(blockSpec, fc.integer({ min: 1, max: 12 }), async (spec, stopAfter) => {
      const { block, fork } = buildBlock(spec);
      const expected = await resultOrRejection(() => executeBlock(block, pre, { fork }));
      for (const pool of pools) {
        const actual = await resultOrRejection(async () => {
          const result = await executeBlockParallel(block, pre, {
            fork,
            pool,
            minParallelTxs: 0,
            chainSample: 0,
            faultInjection: { chainAfterExecutions: stopAfter },
          });
          const kept = result.stats.keptFromParallel;
          if (result.stats.mode !== "parallel") {
            assert.equal(result.stats.mode, "sequential (fallback: the transactions form a dependency chain)");
            stopped++;
          }
          if (kept !== undefined) {
            assert.ok(kept > 0 && kept < block.transactions.length + 1, `kept ${kept}`);
            if (kept < block.transactions.length) partlyKept++;
          }
          return result;
        });
        assert.deepEqual(actual, expected, `${pool.threads} threads, stopped after ${stopAfter} executions`);
      }
    }),
    { numRuns: 300, seed: 20261125 },
  );
  // The property exercised the hand-over: runs stopped, and runs that kept some transactions but not all.
  assert.ok(stopped > 200, `runs stopped as a chain: ${stopped}`);
  assert.ok(partlyKept > 100, `runs that kept a proper prefix: ${partlyKept}`);
});
