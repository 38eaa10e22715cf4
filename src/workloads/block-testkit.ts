/**
 * Test helpers for the workload tests: run a workload's block with the sequential executor over a
 * MemoryDatabase built from its pre-state, then look at receipts and the post-state. Not a test file itself.
 */
import assert from "node:assert/strict";
import { memoryDatabaseFromPreState } from "../bench/parevm.js";
import { type BlockResult, executeBlock } from "../block/execute.js";
import type { Block } from "../block/types.js";
import type { Address } from "../primitives/address.js";
import type { MemoryDatabase } from "../state/memory.js";
import { workloadBlock } from "./block.js";
import type { ContractArtifact } from "./compile.js";
import { readField, type StoragePath } from "./layout.js";
import type { Workload } from "./types.js";

export interface ExecutedWorkload {
  block: Block;
  result: BlockResult;
  pre: MemoryDatabase;
  post: MemoryDatabase;
}

/** Executes the workload's block (executeBlock throws if any transaction is invalid) and commits it to a copy. */
export function executeWorkload(workload: Workload): ExecutedWorkload {
  const pre = memoryDatabaseFromPreState(workload.pre);
  const block = workloadBlock(workload);
  const result = executeBlock(block, pre, { fork: workload.fork });
  const post = pre.clone();
  post.applyChanges(result.stateChanges);
  return { block, result, pre, post };
}

/** Every receipt has status 1, except the indices in `expectedFailures`, which must have status 0. */
export function assertStatuses(
  result: BlockResult,
  count: number,
  expectedFailures: ReadonlySet<number> = new Set(),
): void {
  assert.equal(result.receipts.length, count);
  for (const [i, r] of result.receipts.entries()) {
    assert.equal(r.status, expectedFailures.has(i) ? 0 : 1, `tx ${i} status`);
  }
}

/** Every receipt's gas used (for the indices `which` selects) lies in [min, max]. */
export function assertGasRange(
  result: BlockResult,
  min: bigint,
  max: bigint,
  which: (i: number) => boolean = () => true,
): void {
  for (const [i, r] of result.receipts.entries()) {
    if (!which(i)) continue;
    assert.ok(r.gasUsed >= min && r.gasUsed <= max, `tx ${i} used ${r.gasUsed} gas, expected ${min}..${max}`);
  }
}

/** A field of a contract's storage in a database, by layout path. */
export function field(db: MemoryDatabase, contract: Address, artifact: ContractArtifact, path: StoragePath): bigint {
  return readField(artifact, path, (slot) => db.storage(contract, slot));
}

export function balanceOf(db: MemoryDatabase, address: Address): bigint {
  return db.account(address)?.balance ?? 0n;
}
