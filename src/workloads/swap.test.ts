import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MemoryDatabase } from "../state/memory.js";
import { assertGasRange, assertStatuses, executeWorkload, field } from "./block-testkit.js";
import { erc20Artifact } from "./erc20.js";
import {
  buildSwaps,
  PoolModel,
  pairArtifact,
  poolAddresses,
  quote,
  type SwapPlan,
  swapShape,
  TRADER_TOKEN_BALANCE,
  traderKey,
} from "./swap.js";
import type { Workload } from "./types.js";
import { MANY_POOLS, MANY_POOLS_PLAN, uniswapManyPools } from "./uniswap-many-pools.js";
import { ONE_POOL_PLAN, uniswapOnePool } from "./uniswap-one-pool.js";

function reserves(db: MemoryDatabase, namespace: string, p: number): [bigint, bigint] {
  const pair = poolAddresses(namespace, p).pair;
  return [field(db, pair, pairArtifact(), ["reserve0"]), field(db, pair, pairArtifact(), ["reserve1"])];
}

/** Runs the block and checks every swap, every touched pool's reserves and the traders' token balances. */
function checkSwaps(w: Workload, n: number, plan: SwapPlan): { pools: number } {
  const namespace = w.name;
  const { result, pre, post } = executeWorkload(w);
  assertStatuses(result, n);
  // Router call, transferFrom into the pair, pair.swap with two balanceOf calls: about 82k.
  assertGasRange(result, 60_000n, 130_000n);

  const expected = buildSwaps(n, namespace, plan).finalReserves;
  for (const [p, model] of expected) {
    const [before0, before1] = reserves(pre, namespace, p);
    const [after0, after1] = reserves(post, namespace, p);
    assert.deepEqual([after0, after1], [model.reserve0, model.reserve1], `pool ${p} reserves`);
    assert.ok(after0 * after1 > before0 * before1, `pool ${p}: k grew (the fee stays in the pool)`);
    // The pair's token balances are its reserves after every swap (the pair syncs them).
    const { pair, token0, token1 } = poolAddresses(namespace, p);
    assert.equal(field(post, token0, erc20Artifact(), ["_balances", pair]), after0);
    assert.equal(field(post, token1, erc20Artifact(), ["_balances", pair]), after1);
  }

  // Each trader paid exactly amountIn and received the quote at the reserves it met.
  const models = new Map<number, PoolModel>();
  for (let i = 0; i < n; i++) {
    const p = plan.poolOf(i);
    const model = models.get(p) ?? new PoolModel(...plan.reserves(p));
    models.set(p, model);
    const { zeroForOne, amountIn } = swapShape(namespace, i);
    const out = zeroForOne
      ? quote(amountIn, model.reserve0, model.reserve1)
      : quote(amountIn, model.reserve1, model.reserve0);
    model.swap(zeroForOne, amountIn);
    const { token0, token1 } = poolAddresses(namespace, p);
    const trader = traderKey(namespace, i).address;
    const [tokenIn, tokenOut] = zeroForOne ? [token0, token1] : [token1, token0];
    assert.equal(field(post, tokenIn, erc20Artifact(), ["_balances", trader]), TRADER_TOKEN_BALANCE - amountIn);
    assert.equal(field(post, tokenOut, erc20Artifact(), ["_balances", trader]), TRADER_TOKEN_BALANCE + out);
  }
  return { pools: expected.size };
}

describe("uniswap-one-pool", () => {
  it("executes every swap on the one pool and keeps x*y=k", () => {
    const n = 200;
    const w = uniswapOnePool({ txCount: n });
    assert.equal(new Set(w.txs.map((t) => t.sender)).size, n, "distinct traders");
    assert.equal(checkSwaps(w, n, ONE_POOL_PLAN).pools, 1);
  });
});

describe("uniswap-many-pools", () => {
  it("spreads swaps over many pools, each keeping x*y=k", () => {
    const n = 300;
    const w = uniswapManyPools({ txCount: n });
    assert.equal(checkSwaps(w, n, MANY_POOLS_PLAN).pools, MANY_POOLS);
  });

  it("never puts two consecutive swaps on the same pool", () => {
    for (let i = 1; i < 2 * MANY_POOLS; i++) assert.notEqual(MANY_POOLS_PLAN.poolOf(i), MANY_POOLS_PLAN.poolOf(i - 1));
  });
});
