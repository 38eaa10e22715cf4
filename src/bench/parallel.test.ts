import assert from "node:assert/strict";
import { test } from "node:test";
import { formatParallelReport, parallelReportToJson, runParallelBench } from "./parallel.js";

test("the parallel bench warms the pool, then times each block on both paths and reports the warm-up", async () => {
  const lines: string[] = [];
  const report = await runParallelBench({
    threads: 2,
    workloads: ["erc20-transfers"],
    mainnet: [],
    txCount: 48,
    repeat: 1,
    ceiling: false,
    warmupRounds: 1,
    log: (line) => lines.push(line),
  });
  assert.equal(report.warmupRounds, 1);
  assert.equal(report.rows.length, 1);
  const row = report.rows[0];
  assert.equal(row.txs, 48);
  assert.ok(row.sequentialMs > 0 && row.parallelMs > 0, JSON.stringify(row));
  assert.equal(row.speedup, row.sequentialMs / row.parallelMs);
  assert.match(formatParallelReport(report), /after 1 warm-up rounds of the mixed workload/);
  assert.equal((parallelReportToJson(report) as { warmupRounds: number }).warmupRounds, 1);
  assert.equal(lines.length, 1);
});
