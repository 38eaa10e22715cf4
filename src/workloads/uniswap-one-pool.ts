/**
 * uniswap-one-pool: distinct traders each swap once, in either direction, on ONE constant-product pool
 * (swap.ts). Every swap reads and writes the pair's reserves slot and its balance slots in both tokens, so
 * each transaction depends on the one before it: the worst case for a parallel executor short of one sender.
 */

import { assembleWorkload, type WorkloadParts } from "./parts.js";
import { buildSwaps, type SwapPlan, TOKEN } from "./swap.js";
import { DEFAULT_TX_COUNT } from "./transfers.js";
import type { Workload, WorkloadOptions } from "./types.js";

/** One deep pool: a million of each token, so 2,000 swaps of up to 100 tokens barely move the price. */
export const ONE_POOL_PLAN: SwapPlan = {
  poolOf: () => 0,
  reserves: () => [1_000_000n * TOKEN, 1_000_000n * TOKEN],
};

export function buildUniswapOnePool(n: number, namespace: string): WorkloadParts {
  return buildSwaps(n, namespace, ONE_POOL_PLAN);
}

export function uniswapOnePool(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return assembleWorkload(
    "uniswap-one-pool",
    `${n} constant-product swaps by distinct traders, all on one pool`,
    buildUniswapOnePool(n, "uniswap-one-pool"),
  );
}
