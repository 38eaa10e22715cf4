/**
 * uniswap-many-pools: distinct traders each swap once on one of MANY_POOLS pools (swap.ts), each pool with
 * its own two tokens. Swap i trades on pool i mod MANY_POOLS, so consecutive swaps hit different pools and a
 * 2,000-transaction block gives each pool ten swaps, spread out: swaps conflict only with the ones on the
 * same pool (every MANY_POOLS-th transaction). The router they share is stateless.
 */

import { assembleWorkload, type WorkloadParts } from "./parts.js";
import { buildSwaps, type SwapPlan, TOKEN } from "./swap.js";
import { DEFAULT_TX_COUNT } from "./transfers.js";
import type { Workload, WorkloadOptions } from "./types.js";

export const MANY_POOLS = 200;

/** Pools of different depth and price (100k..300k of token0, 100k..700k of token1). */
export const MANY_POOLS_PLAN: SwapPlan = {
  poolOf: (i) => i % MANY_POOLS,
  reserves: (p) => [(100_000n + 1_000n * BigInt(p)) * TOKEN, (100_000n + 3_000n * BigInt(p)) * TOKEN],
};

export function buildUniswapManyPools(n: number, namespace: string): WorkloadParts {
  return buildSwaps(n, namespace, MANY_POOLS_PLAN);
}

export function uniswapManyPools(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return assembleWorkload(
    "uniswap-many-pools",
    `${n} constant-product swaps by distinct traders over ${Math.min(n, MANY_POOLS)} pools (pool = i mod ${MANY_POOLS})`,
    buildUniswapManyPools(n, "uniswap-many-pools"),
  );
}
