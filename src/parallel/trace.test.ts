import assert from "node:assert/strict";
import { after, test } from "node:test";
import { memoryDatabaseFromPreState } from "../bench/parevm.js";
import { WORKLOADS, workloadBlock } from "../workloads/index.js";
import { executeBlockParallel } from "./executor.js";
import { WorkerPool } from "./pool.js";
import { chromeTrace } from "./trace.js";

const pool = new WorkerPool(2);
after(() => pool.close());

test("a traced parallel run gives one track per thread and a finished execution slice for every transaction", async () => {
  const entry = WORKLOADS.find((w) => w.name === "game");
  assert.ok(entry !== undefined);
  const workload = entry.generate({ txCount: 200 });
  const result = await executeBlockParallel(workloadBlock(workload), memoryDatabaseFromPreState(workload.pre), {
    fork: workload.fork,
    pool,
    trace: true,
    chainSample: 0,
  });
  assert.ok(result.trace !== undefined);
  assert.equal(result.trace.threads.length, 2);
  const json = JSON.parse(JSON.stringify(chromeTrace([{ name: "game", trace: result.trace }])));
  const slices = json.traceEvents.filter((e: { ph: string }) => e.ph === "X");
  const names = json.traceEvents.filter((e: { ph: string; name: string }) => e.ph === "M" && e.name === "thread_name");
  assert.deepEqual(
    names.map((e: { args: { name: string } }) => e.args.name),
    ["main thread", "worker 1"],
  );
  const finished = new Set(
    slices
      .filter((e: { cat: string; args: { result: string } }) => e.cat === "execute" && e.args.result === "done")
      .map((e: { args: { tx: number } }) => e.args.tx),
  );
  assert.equal(finished.size, 200);
  // An execution retried at once (its blocker finished meanwhile) is one slice but two executions.
  const executeSlices = slices.filter((e: { cat: string }) => e.cat === "execute").length;
  assert.ok(executeSlices >= 200 && executeSlices <= result.stats.executions);
  assert.ok(slices.every((e: { ts: number; dur: number }) => e.ts >= 0 && e.dur >= 0));
});

test("an untraced run carries no trace", async () => {
  const entry = WORKLOADS.find((w) => w.name === "raw-transfers");
  assert.ok(entry !== undefined);
  const workload = entry.generate({ txCount: 50 });
  const result = await executeBlockParallel(workloadBlock(workload), memoryDatabaseFromPreState(workload.pre), {
    fork: workload.fork,
    pool,
    minParallelTxs: 0,
  });
  assert.equal(result.stats.mode, "parallel");
  assert.equal(result.trace, undefined);
});
