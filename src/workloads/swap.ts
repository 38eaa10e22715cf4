/**
 * Constant-product swaps shared by the uniswap workloads: pools of two ParevmTokens behind a ParevmPair,
 * traded through one stateless ParevmRouter (contracts/Pair.sol, contracts/Router.sol).
 *
 * Pre-state, all written through solc's storage layout: each pair's token addresses, reserves (packed in one
 * slot) and unlocked guard; each token's balances (the pair holds exactly its reserves, every trader holds
 * TRADER_TOKEN_BALANCE of both tokens of its pool) and unlimited allowances from each trader to the router,
 * as if every trader had approved the router once before this block. The router has no storage.
 *
 * A swap is the router's swapExactIn: it reads the reserves, moves the input from the trader into the pair
 * (transferFrom), and the pair pays out and checks x*y=k after the 0.3% fee. The generator replays every pool
 * with PoolModel (the same integer formula as ParevmRouter.quote) so each swap carries a realistic 0.5%
 * slippage bound around its exact expected output, and tests can check the final reserves exactly.
 */
import type { Address } from "../primitives/address.js";
import { bigIntToBytes, concatBytes } from "../primitives/hex.js";
import {
  deriveAddress,
  deriveKeyPair,
  eoa,
  type KeyPair,
  labelNumber,
  ONE_ETHER,
  type SignedTransaction,
  signWorkloadTx,
  workloadEnv,
} from "./accounts.js";
import { type ContractArtifact, loadArtifact, PAIR_CONTRACT, ROUTER_CONTRACT, selector } from "./compile.js";
import { StorageWriter } from "./layout.js";
import { addAccount, contractAccount, type WorkloadParts } from "./parts.js";
import { TokenBuilder, UNLIMITED_ALLOWANCE } from "./token.js";
import type { PreState } from "./types.js";

/** Gas limit of a swap transaction (one uses about 82k). */
export const SWAP_GAS = 250_000n;
export const TOKEN = 10n ** 18n;
/** Each trader's starting balance in both tokens of its pool. */
export const TRADER_TOKEN_BALANCE = 10_000n * TOKEN;
/** Accepted shortfall of the output against the quote, in basis points. */
export const SLIPPAGE_BPS = 50n;

export function pairArtifact(): ContractArtifact {
  return loadArtifact(PAIR_CONTRACT);
}

export function routerArtifact(): ContractArtifact {
  return loadArtifact(ROUTER_CONTRACT);
}

/** Output of selling `amountIn` into reserves (reserveIn, reserveOut): ParevmRouter.quote in integers. */
export function quote(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const inAfterFee = amountIn * 997n;
  return (inAfterFee * reserveOut) / (reserveIn * 1000n + inAfterFee);
}

/** A pool's reserves as the chain will see them, swap after swap. */
export class PoolModel {
  constructor(
    public reserve0: bigint,
    public reserve1: bigint,
  ) {}

  /** Applies a swap and returns its output. */
  swap(zeroForOne: boolean, amountIn: bigint): bigint {
    if (zeroForOne) {
      const out = quote(amountIn, this.reserve0, this.reserve1);
      this.reserve0 += amountIn;
      this.reserve1 -= out;
      return out;
    }
    const out = quote(amountIn, this.reserve1, this.reserve0);
    this.reserve1 += amountIn;
    this.reserve0 -= out;
    return out;
  }
}

export interface PoolAddresses {
  pair: Address;
  token0: Address;
  token1: Address;
}

/** Addresses of pool `p` under `namespace`. */
export function poolAddresses(namespace: string, p: number): PoolAddresses {
  return {
    pair: deriveAddress(`${namespace}/pair`, p),
    token0: deriveAddress(`${namespace}/token0`, p),
    token1: deriveAddress(`${namespace}/token1`, p),
  };
}

export function routerAddress(namespace: string): Address {
  return deriveAddress(`${namespace}/router`, 0);
}

/** The deadline every swap carries: ten minutes after the block's timestamp. */
export function swapDeadline(): bigint {
  return workloadEnv().timestamp + 600n;
}

/** Calldata of ParevmRouter.swapExactIn. */
export function encodeSwapExactIn(
  pair: Address,
  zeroForOne: boolean,
  amountIn: bigint,
  amountOutMin: bigint,
  to: Address,
  deadline: bigint,
): Uint8Array {
  return concatBytes(
    selector(routerArtifact(), "swapExactIn(address,bool,uint256,uint256,address,uint256)"),
    bigIntToBytes(pair, 32),
    bigIntToBytes(zeroForOne ? 1n : 0n, 32),
    bigIntToBytes(amountIn, 32),
    bigIntToBytes(amountOutMin, 32),
    bigIntToBytes(to, 32),
    bigIntToBytes(deadline, 32),
  );
}

/** How a swap workload spreads its traders over pools. */
export interface SwapPlan {
  /** The pool swap `i` trades on; must depend on `i` only, so that a shorter block is a prefix of a longer one. */
  poolOf(i: number): number;
  /** Starting reserves of pool `p`. */
  reserves(p: number): [bigint, bigint];
}

/** Swap `i`: direction and input amount (1..100 tokens plus a few wei, so no two amounts are equal). */
export function swapShape(namespace: string, i: number): { zeroForOne: boolean; amountIn: bigint } {
  const h = labelNumber(`${namespace}/swap/${i}`);
  return { zeroForOne: (h & 1n) === 0n, amountIn: (1n + ((h >> 8n) % 100n)) * TOKEN + BigInt(i) };
}

/** Trader `i` (one swap each) under `namespace`. */
export function traderKey(namespace: string, i: number): KeyPair {
  return deriveKeyPair(`${namespace}/trader`, i);
}

/** Builds pools, traders and one swap per trader; returns the parts and the pools' expected final reserves. */
export function buildSwaps(
  n: number,
  namespace: string,
  plan: SwapPlan,
): WorkloadParts & { finalReserves: Map<number, PoolModel> } {
  const router = routerAddress(namespace);
  const deadline = swapDeadline();
  const pools = new Map<number, PoolModel>();
  const tokens = new Map<number, [TokenBuilder, TokenBuilder]>();
  const pre: PreState = new Map();
  const txs: SignedTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const p = plan.poolOf(i);
    let model = pools.get(p);
    let pair = tokens.get(p);
    if (model === undefined || pair === undefined) {
      const [r0, r1] = plan.reserves(p);
      const addresses = poolAddresses(namespace, p);
      model = new PoolModel(r0, r1);
      pair = [new TokenBuilder().credit(addresses.pair, r0), new TokenBuilder().credit(addresses.pair, r1)];
      pools.set(p, model);
      tokens.set(p, pair);
    }
    const trader = traderKey(namespace, i);
    for (const t of pair)
      t.credit(trader.address, TRADER_TOKEN_BALANCE).approve(trader.address, router, UNLIMITED_ALLOWANCE);
    addAccount(pre, trader.address, eoa(10n * ONE_ETHER));

    const { zeroForOne, amountIn } = swapShape(namespace, i);
    const expected = model.swap(zeroForOne, amountIn);
    const minOut = (expected * (10_000n - SLIPPAGE_BPS)) / 10_000n;
    const data = encodeSwapExactIn(
      poolAddresses(namespace, p).pair,
      zeroForOne,
      amountIn,
      minOut,
      trader.address,
      deadline,
    );
    txs.push(signWorkloadTx({ nonce: 0n, gasLimit: SWAP_GAS, to: router, data }, trader));
  }

  addAccount(pre, router, contractAccount(routerArtifact(), new Map()));
  for (const [p, [t0, t1]] of tokens) {
    const addresses = poolAddresses(namespace, p);
    const [r0, r1] = plan.reserves(p);
    const pair = new StorageWriter(pairArtifact())
      .set(["token0"], addresses.token0)
      .set(["token1"], addresses.token1)
      .set(["reserve0"], r0)
      .set(["reserve1"], r1)
      .set(["guard"], 1n);
    addAccount(pre, addresses.pair, contractAccount(pairArtifact(), pair.storage));
    addAccount(pre, addresses.token0, t0.account());
    addAccount(pre, addresses.token1, t1.account());
  }
  return { pre, txs, finalReserves: pools };
}
