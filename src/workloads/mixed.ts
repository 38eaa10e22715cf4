/**
 * mixed: the six application workloads interleaved in one block. Transaction i belongs to share i mod 6, in
 * MIXED_SHARES order, and is that share's (i div 6)-th transaction; each share is built by its own generator
 * under the namespace "mixed/<name>", so its accounts, contracts and nonces are its own and the pre-states
 * merge without overlap. Every share's transactions keep their relative order, which is all their validity
 * depends on (one-sender nonces, pool replays, leaderboard records). Conflicts are those of each share, now
 * six transactions apart: the one-sender chain and the single pool still link every sixth transaction.
 */
import { buildErc20OneSender } from "./erc20-one-sender.js";
import { buildGame } from "./game.js";
import { buildNftMarket } from "./nft-market.js";
import { assembleWorkload, mergePreState, type PartsBuilder, type WorkloadParts } from "./parts.js";
import { buildPromptBounty } from "./prompt-bounty.js";
import { DEFAULT_TX_COUNT } from "./transfers.js";
import type { PreState, Workload, WorkloadOptions } from "./types.js";
import { buildUniswapManyPools } from "./uniswap-many-pools.js";
import { buildUniswapOnePool } from "./uniswap-one-pool.js";

export const MIXED_SHARES: readonly { name: string; build: PartsBuilder }[] = [
  { name: "erc20-one-sender", build: buildErc20OneSender },
  { name: "uniswap-one-pool", build: buildUniswapOnePool },
  { name: "uniswap-many-pools", build: buildUniswapManyPools },
  { name: "nft-market", build: buildNftMarket },
  { name: "game", build: buildGame },
  { name: "prompt-bounty", build: buildPromptBounty },
];

/** The share transaction i of a mixed block belongs to, and its index within that share. */
export function mixedSlot(i: number): { share: number; index: number } {
  return { share: i % MIXED_SHARES.length, index: Math.floor(i / MIXED_SHARES.length) };
}

export function buildMixed(n: number, namespace: string): WorkloadParts {
  const k = MIXED_SHARES.length;
  const shares = MIXED_SHARES.map((s, share) =>
    // Share `share` gets transactions share, share + k, share + 2k, ... below n.
    s.build(Math.max(0, Math.ceil((n - share) / k)), `${namespace}/${s.name}`),
  );
  const pre: PreState = new Map();
  for (const s of shares) mergePreState(pre, s.pre);
  const txs = [];
  for (let i = 0; i < n; i++) {
    const { share, index } = mixedSlot(i);
    txs.push(shares[share].txs[index]);
  }
  return { pre, txs };
}

export function mixedWorkload(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return assembleWorkload(
    "mixed",
    `${n} transactions interleaving ${MIXED_SHARES.map((s) => s.name).join(", ")}`,
    buildMixed(n, "mixed"),
  );
}
