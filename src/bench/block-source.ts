/** A benchmark block named by where it comes from, so that another thread can build the same block itself. */
import { executeBlock } from "../block/execute.js";
import type { Block } from "../block/types.js";
import { loadMainnetFixture } from "../fixtures/mainnet.js";
import type { Fork } from "../forks.js";
import type { StateReader } from "../state/types.js";
import { findWorkload, workloadBlock } from "../workloads/index.js";
import { memoryDatabaseFromPreState } from "./parevm.js";
import { UnknownWorkloadError } from "./run.js";

export type BlockSource = { kind: "workload"; name: string; txCount?: number } | { kind: "mainnet"; dir: string };

export interface LoadedBlock {
  block: Block;
  state: StateReader;
  /** Set for generated workloads (mainnet blocks take their fork from the header). */
  fork: Fork | undefined;
}

export function loadBlockSource(source: BlockSource): LoadedBlock {
  if (source.kind === "mainnet") {
    const { block, pre } = loadMainnetFixture(source.dir);
    return { block, state: pre, fork: undefined };
  }
  const entry = findWorkload(source.name);
  if (entry === undefined) throw new UnknownWorkloadError(`unknown workload "${source.name}"`);
  const workload = entry.generate({ txCount: source.txCount });
  return { block: workloadBlock(workload), state: memoryDatabaseFromPreState(workload.pre), fork: workload.fork };
}

/** One timed sequential execution of a loaded block, in ms. */
export function timeSequential(loaded: LoadedBlock): number {
  const t = performance.now();
  executeBlock(loaded.block, loaded.state, { fork: loaded.fork });
  return performance.now() - t;
}
