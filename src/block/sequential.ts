/**
 * The simplest sequential block loop: each transaction executes against the database as committed so far,
 * and a valid transaction's changes are applied before the next one runs. No system calls, rewards or
 * receipts: this is what the parevm-against-ethereumjs benchmark times. (The reference for the parallel
 * executor is executeBlock in execute.ts.)
 */
import type { Fork } from "../forks.js";
import type { MemoryDatabase } from "../state/memory.js";
import type { Transaction } from "../tx/types.js";
import type { BlockEnv } from "./env.js";
import type { TxOutcome } from "./outcome.js";
import { executeTransaction } from "./transaction.js";

export interface SequentialResult {
  /** Sum of gasUsed over the valid transactions. */
  gasUsed: bigint;
  /** One outcome per transaction, in order (invalid ones included, their changes not applied). */
  outcomes: TxOutcome[];
}

export function executeTransactionsSequential(
  db: MemoryDatabase,
  txs: Transaction[],
  env: BlockEnv,
  fork: Fork,
): SequentialResult {
  let gasUsed = 0n;
  const outcomes: TxOutcome[] = new Array(txs.length);
  for (let i = 0; i < txs.length; i++) {
    const outcome = executeTransaction(db, txs[i], env, fork);
    outcomes[i] = outcome;
    if (outcome.valid) {
      db.applyChanges(outcome.changes);
      gasUsed += outcome.gasUsed;
    }
  }
  return { gasUsed, outcomes };
}
