/**
 * Every generated workload, executed in parallel with 1 to 4 threads, gives exactly the sequential result;
 * and the executor's fallbacks (small block, one sender's nonce chain, a dependency chain seen while running)
 * hand the block to the sequential executor, say so in stats.mode, and still give the sequential result.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { memoryDatabaseFromPreState } from "../src/bench/parevm.js";
import { canonicalResult } from "../src/block/compare.js";
import { executeBlock } from "../src/block/execute.js";
import { executeBlockParallel } from "../src/parallel/executor.js";
import { WorkerPool } from "../src/parallel/pool.js";
import { WORKLOADS, workloadBlock } from "../src/workloads/index.js";

const TXS = 300;
const pools = [1, 2, 3, 4].map((n) => new WorkerPool(n));
after(async () => {
  for (const pool of pools) await pool.close();
});

describe("workloads: parallel equals sequential", () => {
  for (const { name, generate } of WORKLOADS) {
    test(name, async () => {
      const workload = generate({ txCount: TXS });
      const block = workloadBlock(workload);
      const db = memoryDatabaseFromPreState(workload.pre);
      const expected = canonicalResult(executeBlock(block, db, { fork: workload.fork }));
      for (const pool of pools) {
        // Both fallbacks off: this is about the parallel machinery, on every workload.
        const options = { fork: workload.fork, pool, chainSample: 0, minParallelTxs: 0 };
        const actual = await executeBlockParallel(block, db, options);
        assert.equal(actual.stats.mode, "parallel");
        assert.deepEqual(canonicalResult(actual), expected, `${pool.threads} threads`);
      }
    });
  }
});

describe("fallbacks to sequential execution", () => {
  const find = (name: string, txCount = 200) => {
    const entry = WORKLOADS.find((w) => w.name === name);
    assert.ok(entry !== undefined, name);
    return entry.generate({ txCount });
  };

  test("a block below the size threshold runs sequentially", async () => {
    const workload = find("raw-transfers");
    const block = workloadBlock({ ...workload, txs: workload.txs.slice(0, 5), raw: workload.raw.slice(0, 5) });
    const db = memoryDatabaseFromPreState(workload.pre);
    const result = await executeBlockParallel(block, db, { fork: workload.fork, pool: pools[1], minParallelTxs: 16 });
    assert.equal(result.stats.mode, "sequential (fallback: small block)");
    assert.deepEqual(canonicalResult(result), canonicalResult(executeBlock(block, db, { fork: workload.fork })));
  });

  test("a block of plain transfers runs sequentially with two threads, in parallel with more", async () => {
    const workload = find("raw-transfers");
    const block = workloadBlock(workload);
    const db = memoryDatabaseFromPreState(workload.pre);
    const expected = canonicalResult(executeBlock(block, db, { fork: workload.fork }));
    for (const pool of pools.slice(0, 2)) {
      const result = await executeBlockParallel(block, db, { fork: workload.fork, pool });
      assert.equal(result.stats.mode, "sequential (fallback: light block: 0 of 200 transactions carry calldata)");
      assert.deepEqual(canonicalResult(result), expected);
    }
    const wide = await executeBlockParallel(block, db, { fork: workload.fork, pool: pools[2] });
    assert.equal(wide.stats.mode, "parallel");
    assert.deepEqual(canonicalResult(wide), expected);
    // Sixteen transactions with calldata are enough for the parallel path.
    const erc20 = find("erc20-transfers", 16);
    const calls = workloadBlock(erc20);
    const callsDb = memoryDatabaseFromPreState(erc20.pre);
    const result = await executeBlockParallel(calls, callsDb, { fork: erc20.fork, pool: pools[1], chainSample: 0 });
    assert.equal(result.stats.mode, "parallel");
    assert.deepEqual(canonicalResult(result), canonicalResult(executeBlock(calls, callsDb, { fork: erc20.fork })));
  });

  test("a one-pool swap block is detected as a dependency chain while running", async () => {
    // Large enough that the detector's window (the first quarter of the block) holds many samples under load.
    const workload = find("uniswap-one-pool", 1000);
    const block = workloadBlock(workload);
    const db = memoryDatabaseFromPreState(workload.pre);
    const result = await executeBlockParallel(block, db, { fork: workload.fork, pool: pools[1] });
    assert.equal(result.stats.mode, "sequential (fallback: the transactions form a dependency chain)");
    // The transactions the attempt had finished are kept, not run again: the first one at least is final.
    const kept = result.stats.keptFromParallel ?? 0;
    assert.ok(kept >= 1 && kept < workload.txs.length, `kept ${kept}`);
    assert.deepEqual(canonicalResult(result), canonicalResult(executeBlock(block, db, { fork: workload.fork })));
  });

  test("one sender's nonce chain runs sequentially without a parallel attempt", async () => {
    const workload = find("erc20-one-sender");
    const block = workloadBlock(workload);
    const db = memoryDatabaseFromPreState(workload.pre);
    const result = await executeBlockParallel(block, db, { fork: workload.fork, pool: pools[1] });
    assert.equal(result.stats.mode, "sequential (fallback: one sender's nonce chain)");
    assert.equal(result.stats.executions, workload.txs.length);
    assert.deepEqual(canonicalResult(result), canonicalResult(executeBlock(block, db, { fork: workload.fork })));
  });

  test("independent transfers are not mistaken for a chain", async () => {
    const workload = find("erc20-transfers");
    const block = workloadBlock(workload);
    const db = memoryDatabaseFromPreState(workload.pre);
    const result = await executeBlockParallel(block, db, { fork: workload.fork, pool: pools[1] });
    assert.equal(result.stats.mode, "parallel");
    assert.equal(result.stats.threads, 2);
  });
});
