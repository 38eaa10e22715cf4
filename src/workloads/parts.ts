/**
 * The pieces a workload is assembled from. Each generator builds its parts under a namespace (the label
 * prefix of its keys and contract addresses), so the same builder gives a standalone workload and a share of
 * `mixed` whose accounts and contracts cannot collide with the other shares'.
 */
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { addressToHex } from "../primitives/address.js";
import { hexToBytes } from "../primitives/hex.js";
import { type SignedTransaction, workloadEnv } from "./accounts.js";
import type { ContractArtifact } from "./compile.js";
import type { PreAccount, PreState, Workload } from "./types.js";

export interface WorkloadParts {
  pre: PreState;
  /** Signed, in block order. */
  txs: SignedTransaction[];
}

/** Builds the parts of a workload of `txCount` transactions whose labels start with `namespace`. */
export type PartsBuilder = (txCount: number, namespace: string) => WorkloadParts;

export class PreStateConflictError extends Error {
  override name = "PreStateConflictError";
}

/** A contract placed in a pre-state: runtime code, storage, nonce 1 (what CREATE leaves), no ETH unless given. */
export function contractAccount(artifact: ContractArtifact, storage: Map<bigint, bigint>, balance = 0n): PreAccount {
  return { nonce: 1n, balance, code: hexToBytes(artifact.deployedBytecode), storage };
}

/** Adds `account` at `address`; two parts claiming one address is a generator bug. */
export function addAccount(pre: PreState, address: Address, account: PreAccount): void {
  if (pre.has(address)) throw new PreStateConflictError(`pre-state already has ${addressToHex(address)}`);
  pre.set(address, account);
}

/** Copies every account of `from` into `into`, refusing overlaps. */
export function mergePreState(into: PreState, from: PreState): void {
  for (const [address, account] of from) addAccount(into, address, account);
}

/** A Cancun workload over the standard generated-block environment. */
export function assembleWorkload(name: string, description: string, parts: WorkloadParts): Workload {
  return {
    name,
    description,
    fork: Fork.Cancun,
    env: workloadEnv(),
    pre: parts.pre,
    txs: parts.txs.map((s) => s.tx),
    raw: parts.txs.map((s) => s.raw),
  };
}
