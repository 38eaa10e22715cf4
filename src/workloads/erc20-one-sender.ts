/**
 * erc20-one-sender: every transaction is an ERC-20 transfer signed by one hot wallet (an exchange's
 * withdrawal account, say), nonces 0, 1, 2, ... to a fresh receiver each. The receivers' balance slots are
 * all distinct, but every transaction reads and writes the sender's nonce, ETH balance and token balance, so
 * the block is one dependency chain: a parallel executor can only overlap the parts after those reads.
 *
 * Pre-state: the sender's ETH, and ParevmToken's code with the sender's token balance in storage (token.ts).
 */
import type { Address } from "../primitives/address.js";
import {
  deriveAddress,
  deriveKeyPair,
  eoa,
  type KeyPair,
  MAX_FEE_PER_GAS,
  ONE_ETHER,
  type SignedTransaction,
  signWorkloadTx,
} from "./accounts.js";
import { ERC20_TRANSFER_GAS, encodeTransfer, erc20Artifact, INITIAL_TOKEN_BALANCE } from "./erc20.js";
import { addAccount, assembleWorkload, type WorkloadParts } from "./parts.js";
import { TokenBuilder } from "./token.js";
import { DEFAULT_TX_COUNT } from "./transfers.js";
import type { PreState, Workload, WorkloadOptions } from "./types.js";

/** Where the token of this workload lives under `namespace`. */
export function oneSenderToken(namespace: string): Address {
  return deriveAddress(`${namespace}/token`, 0);
}

/** The hot wallet's key under `namespace`. */
export function oneSenderKey(namespace: string): KeyPair {
  return deriveKeyPair(`${namespace}/hot-sender`, 0);
}

/** Token units sent by transfer `i` (distinct amounts make each transfer's effect checkable). */
export function oneSenderAmount(i: number): bigint {
  return ONE_ETHER + BigInt(i);
}

export function buildErc20OneSender(n: number, namespace: string): WorkloadParts {
  const artifact = erc20Artifact();
  const sender = oneSenderKey(namespace);
  const token = oneSenderToken(namespace);
  const pre: PreState = new Map();
  // Enough ETH for every transaction's maximum fee, however long the block.
  addAccount(pre, sender.address, eoa(10n * ONE_ETHER + BigInt(n) * ERC20_TRANSFER_GAS * MAX_FEE_PER_GAS));
  addAccount(pre, token, new TokenBuilder(artifact).credit(sender.address, INITIAL_TOKEN_BALANCE).account());
  const txs: SignedTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const data = encodeTransfer(artifact, deriveAddress(`${namespace}/receiver`, i), oneSenderAmount(i));
    txs.push(signWorkloadTx({ nonce: BigInt(i), gasLimit: ERC20_TRANSFER_GAS, to: token, data }, sender));
  }
  return { pre, txs };
}

export function erc20OneSender(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return assembleWorkload(
    "erc20-one-sender",
    `${n} ERC-20 transfers from one sender (nonces 0..${n - 1}) to distinct new receivers`,
    buildErc20OneSender(n, "erc20-one-sender"),
  );
}
