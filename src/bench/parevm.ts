/**
 * parevm's sequential engine for the benchmark: the pre-state goes into a fresh MemoryDatabase before timing;
 * the timed run is executeTransactionsSequential over the workload's (already sender-recovered) transactions.
 */
import { executeTransactionsSequential } from "../block/sequential.js";
import { keccak256 } from "../primitives/keccak.js";
import { MemoryDatabase } from "../state/memory.js";
import type { PreState, Workload } from "../workloads/types.js";
import type { Engine, EngineRunResult, PreparedRun, TxSummary } from "./engine.js";

/** A MemoryDatabase holding a workload's pre-state. */
export function memoryDatabaseFromPreState(pre: PreState): MemoryDatabase {
  const db = new MemoryDatabase();
  for (const [address, a] of pre) {
    db.setAccount(address, { nonce: a.nonce, balance: a.balance, code: a.code, codeHash: keccak256(a.code) });
    for (const [slot, value] of a.storage) db.setStorage(address, slot, value);
  }
  return db;
}

export async function prepareParevmSequential(workload: Workload): Promise<PreparedRun> {
  const db = memoryDatabaseFromPreState(workload.pre);
  let used = false;
  return {
    async run(): Promise<EngineRunResult> {
      if (used) throw new Error("parevm bench engine: a prepared run can only be run once");
      used = true;
      const { gasUsed, outcomes } = executeTransactionsSequential(db, workload.txs, workload.env, workload.fork);
      const txs: TxSummary[] = outcomes.map((o) =>
        o.valid
          ? { valid: true, status: o.status, gasUsed: o.gasUsed }
          : { valid: false, reason: `${o.reason}: ${o.message}` },
      );
      return { gasUsed, txs };
    },
  };
}

export const parevmEngine: Engine = { name: "parevm", prepare: prepareParevmSequential };
