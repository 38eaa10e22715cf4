/**
 * A worker thread that dies mid-block: the main thread finishes its task, the block's result is unchanged, and
 * the pool replaces the worker.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { memoryDatabaseFromPreState } from "../src/bench/parevm.js";
import { canonicalResult } from "../src/block/compare.js";
import { executeBlock } from "../src/block/execute.js";
import { executeBlockParallel } from "../src/parallel/executor.js";
import { WorkerPool } from "../src/parallel/pool.js";
import { WORKLOADS, workloadBlock } from "../src/workloads/index.js";

const pool = new WorkerPool(2);
after(() => pool.close());

test("a worker that exits mid-block leaves the result unchanged and is replaced", async () => {
  const entry = WORKLOADS.find((w) => w.name === "erc20-transfers");
  assert.ok(entry !== undefined);
  const workload = entry.generate({ txCount: 400 });
  const block = workloadBlock(workload);
  const db = memoryDatabaseFromPreState(workload.pre);
  const expected = canonicalResult(executeBlock(block, db, { fork: workload.fork }));

  // A warm pool first: a worker still loading its modules when the block arrives may find no task left, and
  // then never reaches the task it is told to die at.
  await executeBlockParallel(block, db, { fork: workload.fork, pool });
  // Deaths at different points: at the start of a task (an execution or a validation, whichever it holds),
  // and halfway through publishing an execution's writes. The main thread takes the task over; the block
  // stays parallel.
  const faults = [
    { exitAfterTasks: 20 },
    { exitAfterTasks: 7 },
    { exitAfterTasks: 60 },
    { exitAfterTasks: 20, exitMidPublish: true },
    { exitAfterTasks: 50, exitMidPublish: true },
  ];
  for (const faultInjection of faults) {
    const what = JSON.stringify(faultInjection);
    // The worker reaches its task only if the main thread has not taken them all first: usual, not certain.
    let died = false;
    for (let attempt = 0; attempt < 5 && !died; attempt++) {
      // The replacement of the last victim warms up first (see above).
      await executeBlockParallel(block, db, { fork: workload.fork, pool });
      const before = pool.replaced;
      const crashed = await executeBlockParallel(block, db, { fork: workload.fork, pool, faultInjection });
      died = pool.replaced === before + 1;
      assert.equal(crashed.stats.mode, "parallel", what);
      assert.deepEqual(canonicalResult(crashed), expected, what);
    }
    assert.ok(died, `${what}: the worker never died`);
  }

  // The replacement worker takes part in the next block.
  const next = await executeBlockParallel(block, db, { fork: workload.fork, pool });
  assert.equal(next.stats.mode, "parallel");
  assert.equal(next.stats.threads, 2);
  assert.deepEqual(canonicalResult(next), expected);

  // A worker that dies while hashing receipts: its unfinished chunk is redone by the main thread, and the block
  // still completes in parallel. (The worker dies only if it claims a chunk before the main thread has taken
  // them all, which is usual but not certain: a few tries.)
  let deaths = 0;
  for (let i = 0; i < 5 && deaths === 0; i++) {
    const before = pool.replaced;
    const lateCrash = await executeBlockParallel(block, db, {
      fork: workload.fork,
      pool,
      faultInjection: { exitInWrapUp: true },
    });
    deaths = pool.replaced - before;
    assert.equal(lateCrash.stats.mode, "parallel");
    assert.deepEqual(canonicalResult(lateCrash), expected);
    if (deaths === 0) continue;
    // The replacement runs the next block.
    const after = await executeBlockParallel(block, db, { fork: workload.fork, pool });
    assert.deepEqual(canonicalResult(after), expected);
  }
  assert.equal(deaths, 1, "no worker died while hashing receipts");
});
