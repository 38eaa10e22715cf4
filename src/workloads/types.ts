/** What a workload generator produces: a pre-state, a block environment and signed transactions. */
import type { BlockEnv } from "../block/env.js";
import type { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import type { Transaction } from "../tx/types.js";

/** One account of a pre-state, as plain data any engine can load (parevm's MemoryDatabase, ethereumjs). */
export interface PreAccount {
  nonce: bigint;
  balance: bigint;
  /** Runtime code (empty for externally owned accounts). */
  code: Uint8Array;
  /** Non-zero storage slots. */
  storage: Map<bigint, bigint>;
}

/** The state a workload starts from. Engines copy it; generators never share mutable parts between workloads. */
export type PreState = Map<Address, PreAccount>;

export interface Workload {
  /** Short identifier used on the command line and in reports, e.g. "erc20-transfers". */
  name: string;
  /** One line for humans. */
  description: string;
  fork: Fork;
  env: BlockEnv;
  pre: PreState;
  /** Signed transactions with senders recovered (`tx.sender`) and hashes computed. */
  txs: Transaction[];
  /** The signed encodings of `txs` (EIP-2718 typed envelopes), index for index. */
  raw: Uint8Array[];
}

export interface WorkloadOptions {
  /** Number of transactions in the block (default 2,000). */
  txCount?: number;
}

export type WorkloadGenerator = (options?: WorkloadOptions) => Workload;

/** The first `count` transactions of a workload over the same pre-state (a valid block prefix). */
export function sliceWorkload(workload: Workload, count: number): Workload {
  return { ...workload, txs: workload.txs.slice(0, count), raw: workload.raw.slice(0, count) };
}
