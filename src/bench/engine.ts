/**
 * What the benchmark harness asks of an engine: prepare a workload (untimed: load the pre-state, build
 * transaction objects, recover senders), then run it (timed). Each preparation is single-use, on a fresh copy
 * of the pre-state, so engines never see each other's writes. A parallel executor plugs in as one more Engine.
 */
import type { Workload } from "../workloads/types.js";

/** Per-transaction result, enough to find the first disagreement between engines. */
export type TxSummary = { valid: true; status: 0 | 1; gasUsed: bigint } | { valid: false; reason: string };

export interface EngineRunResult {
  /** Sum of gas used by the valid transactions (what the block header's gasUsed would say). */
  gasUsed: bigint;
  txs: TxSummary[];
}

export interface PreparedRun {
  /** Executes the prepared block once. Only this call is timed. */
  run(): Promise<EngineRunResult>;
}

export interface Engine {
  /** Column name in reports, e.g. "parevm", "ethereumjs". */
  name: string;
  prepare(workload: Workload): Promise<PreparedRun>;
}
