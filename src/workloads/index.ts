/** The workload registry: every generated block the benchmark and the differential tests know by name. */
import { erc20Transfers, erc20TransfersToOne } from "./erc20.js";
import { rawTransfers } from "./transfers.js";
import type { WorkloadGenerator } from "./types.js";

export interface WorkloadEntry {
  name: string;
  generate: WorkloadGenerator;
}

/** In report order. Later workloads (Uniswap swaps, NFT market, game, prompt bounties) are added here. */
export const WORKLOADS: readonly WorkloadEntry[] = [
  { name: "raw-transfers", generate: rawTransfers },
  { name: "erc20-transfers", generate: erc20Transfers },
  { name: "erc20-one-receiver", generate: erc20TransfersToOne },
];

export function workloadNames(): string[] {
  return WORKLOADS.map((w) => w.name);
}

/** The generator registered under `name`, or undefined. */
export function findWorkload(name: string): WorkloadEntry | undefined {
  return WORKLOADS.find((w) => w.name === name);
}

export { DEFAULT_TX_COUNT } from "./transfers.js";
export type { PreAccount, PreState, Workload, WorkloadGenerator, WorkloadOptions } from "./types.js";
export { sliceWorkload } from "./types.js";
