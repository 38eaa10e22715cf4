/** The workload registry: every generated block the benchmark and the differential tests know by name. */
import { erc20Transfers, erc20TransfersToOne } from "./erc20.js";
import { erc20OneSender } from "./erc20-one-sender.js";
import { gameWorkload } from "./game.js";
import { mixedWorkload } from "./mixed.js";
import { nftMarket } from "./nft-market.js";
import { promptBounty } from "./prompt-bounty.js";
import { rawTransfers, rawTransfersToOne } from "./transfers.js";
import type { WorkloadGenerator } from "./types.js";
import { uniswapManyPools } from "./uniswap-many-pools.js";
import { uniswapOnePool } from "./uniswap-one-pool.js";

export interface WorkloadEntry {
  name: string;
  generate: WorkloadGenerator;
}

/** In report order. */
export const WORKLOADS: readonly WorkloadEntry[] = [
  { name: "raw-transfers", generate: rawTransfers },
  { name: "eth-one-receiver", generate: rawTransfersToOne },
  { name: "erc20-transfers", generate: erc20Transfers },
  { name: "erc20-one-receiver", generate: erc20TransfersToOne },
  { name: "erc20-one-sender", generate: erc20OneSender },
  { name: "uniswap-one-pool", generate: uniswapOnePool },
  { name: "uniswap-many-pools", generate: uniswapManyPools },
  { name: "nft-market", generate: nftMarket },
  { name: "game", generate: gameWorkload },
  { name: "prompt-bounty", generate: promptBounty },
  { name: "mixed", generate: mixedWorkload },
];

export function workloadNames(): string[] {
  return WORKLOADS.map((w) => w.name);
}

/** The generator registered under `name`, or undefined. */
export function findWorkload(name: string): WorkloadEntry | undefined {
  return WORKLOADS.find((w) => w.name === name);
}

export { sealWorkloadBlock, workloadBlock, workloadHeader } from "./block.js";
export { DEFAULT_TX_COUNT } from "./transfers.js";
export type { PreAccount, PreState, Workload, WorkloadGenerator, WorkloadOptions } from "./types.js";
export { sliceWorkload } from "./types.js";
