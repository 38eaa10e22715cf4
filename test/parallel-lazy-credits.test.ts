/**
 * Plain value transfers credit their recipient lazily: many transfers to one address do not depend on each
 * other, and a transaction that later reads or spends that address sees every credit, as sequentially.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { memoryDatabaseFromPreState } from "../src/bench/parevm.js";
import { canonicalResult } from "../src/block/compare.js";
import { executeBlock } from "../src/block/execute.js";
import { Fork } from "../src/forks.js";
import { executeBlockParallel } from "../src/parallel/executor.js";
import { WorkerPool } from "../src/parallel/pool.js";
import type { Transaction } from "../src/tx/types.js";
import {
  deriveAddress,
  deriveKeyPair,
  deriveKeyPairs,
  fundAccounts,
  ONE_ETHER,
  signWorkloadTx,
  workloadEnv,
} from "../src/workloads/accounts.js";
import { workloadBlock } from "../src/workloads/index.js";
import { rawTransfersToOne } from "../src/workloads/transfers.js";
import type { PreState, Workload } from "../src/workloads/types.js";

const pools = [2, 3].map((n) => new WorkerPool(n));
after(async () => {
  for (const pool of pools) await pool.close();
});

test("transfers to one receiver run once each, in parallel, with the sequential result", async () => {
  const workload = rawTransfersToOne({ txCount: 400 });
  const block = workloadBlock(workload);
  const db = memoryDatabaseFromPreState(workload.pre);
  const expected = canonicalResult(executeBlock(block, db, { fork: workload.fork }));
  for (const pool of pools) {
    // minParallelTxs 0: a block of plain transfers would otherwise run sequentially on up to two threads.
    const result = await executeBlockParallel(block, db, { fork: workload.fork, pool, minParallelTxs: 0 });
    assert.equal(result.stats.mode, "parallel");
    // Without lazy credits every transfer would read the one before it: re-executions or a chain fallback.
    assert.equal(result.stats.executions, workload.txs.length, `${pool.threads} threads`);
    assert.equal(result.stats.aborts, 0);
    assert.deepEqual(canonicalResult(result), expected, `${pool.threads} threads`);
  }
});

test("the credited account spends its credits, and a self-transfer in between reads them", async () => {
  const fork = Fork.Cancun;
  const senders = deriveKeyPairs("lazy-credit-sender", 120);
  const hot = deriveKeyPair("lazy-credit-receiver", 0);
  const pre: PreState = new Map();
  fundAccounts(
    pre,
    senders.map((k) => k.address),
    10n * ONE_ETHER,
  );
  const txs: Transaction[] = [];
  const raw: Uint8Array[] = [];
  const add = (signed: ReturnType<typeof signWorkloadTx>) => {
    txs.push(signed.tx);
    raw.push(signed.raw);
  };
  // The receiver starts with nothing: its own transactions are valid only if they see the credits before them.
  for (let i = 0; i < senders.length; i++) {
    add(signWorkloadTx({ nonce: 0n, gasLimit: 21_000n, to: hot.address, value: ONE_ETHER / 10n }, senders[i], fork));
    if (i === 60) {
      add(signWorkloadTx({ nonce: 0n, gasLimit: 21_000n, to: hot.address, value: ONE_ETHER }, hot, fork));
    }
  }
  add(
    signWorkloadTx(
      { nonce: 1n, gasLimit: 21_000n, to: deriveAddress("lazy-credit-sink", 0), value: 11n * ONE_ETHER },
      hot,
      fork,
    ),
  );
  const workload: Workload = { name: "lazy-credits", description: "", fork, env: workloadEnv(), pre, txs, raw };
  const block = workloadBlock(workload);
  const db = memoryDatabaseFromPreState(pre);
  const sequential = executeBlock(block, db, { fork });
  assert.equal(sequential.receipts.length, txs.length);
  assert.ok(sequential.receipts.every((r) => r.status === 1));
  const expected = canonicalResult(sequential);
  for (const pool of pools) {
    const result = await executeBlockParallel(block, db, { fork, pool, chainSample: 0, minParallelTxs: 0 });
    assert.equal(result.stats.mode, "parallel");
    assert.deepEqual(canonicalResult(result), expected, `${pool.threads} threads`);
  }
});
