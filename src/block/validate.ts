/** Transaction validity against the state and block, checked before anything is charged. */
import { Fork } from "../forks.js";
import type { JournalAccount } from "../state/journal.js";
import { intrinsicGas, MAX_INITCODE_SIZE } from "../tx/intrinsic.js";
import type { Transaction } from "../tx/types.js";
import type { BlockEnv } from "./env.js";

export const GAS_PER_BLOB = 131072n;
export const MAX_BLOBS_PER_BLOCK = 6;
const MAX_NONCE = (1n << 64n) - 1n;

export interface TxRejection {
  reason: string;
  message: string;
}

function reject(reason: string, message: string): TxRejection {
  return { reason, message };
}

/** The price per gas the sender pays: min(maxFee, baseFee + maxPriorityFee), or the gas price before London. */
export function effectiveGasPrice(tx: Transaction, baseFee: bigint, fork: Fork): bigint {
  if (fork < Fork.London || tx.type < 2) return tx.maxFeePerGas;
  const withTip = baseFee + tx.maxPriorityFeePerGas;
  return withTip < tx.maxFeePerGas ? withTip : tx.maxFeePerGas;
}

/** Returns why the transaction is invalid, or undefined when it may execute. `gasAvailable` is the block's gas pool. */
export function validateTransaction(
  tx: Transaction,
  sender: JournalAccount,
  env: BlockEnv,
  fork: Fork,
  gasAvailable: bigint,
): TxRejection | undefined {
  if (
    (tx.type === 1 && fork < Fork.Berlin) ||
    (tx.type === 2 && fork < Fork.London) ||
    (tx.type === 3 && fork < Fork.Cancun)
  ) {
    return reject("TYPE_NOT_SUPPORTED", `transaction type ${tx.type} is not valid before its fork`);
  }
  if (tx.chainId !== undefined && tx.chainId !== env.chainId) {
    return reject("INVALID_CHAINID", `chain id ${tx.chainId} does not match ${env.chainId}`);
  }
  // Fee caps before intrinsic gas: a block whose transaction fails both is reported for the fee (as geth does).
  if (fork >= Fork.London) {
    if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
      return reject("PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS", "max priority fee exceeds max fee");
    }
    if (tx.maxFeePerGas < env.baseFee) {
      return reject("INSUFFICIENT_MAX_FEE_PER_GAS", `max fee ${tx.maxFeePerGas} is below the base fee ${env.baseFee}`);
    }
  }
  const intrinsic = intrinsicGas(tx, fork);
  if (tx.gasLimit < intrinsic) {
    return reject("INTRINSIC_GAS_TOO_LOW", `gas limit ${tx.gasLimit} is below the intrinsic gas ${intrinsic}`);
  }
  if (tx.gasLimit > gasAvailable) {
    return reject(
      "GAS_ALLOWANCE_EXCEEDED",
      `gas limit ${tx.gasLimit} exceeds the block's available gas ${gasAvailable}`,
    );
  }
  if (fork >= Fork.Shanghai && tx.to === undefined && tx.data.length > MAX_INITCODE_SIZE) {
    return reject("INITCODE_SIZE_EXCEEDED", `initcode of ${tx.data.length} bytes exceeds ${MAX_INITCODE_SIZE}`);
  }
  let blobFee = 0n;
  if (tx.type === 3) {
    if (tx.to === undefined)
      return reject("TYPE_3_TX_CONTRACT_CREATION", "a blob transaction cannot create a contract");
    const n = tx.blobVersionedHashes.length;
    if (n === 0) return reject("TYPE_3_TX_ZERO_BLOBS", "a blob transaction needs at least one blob");
    if (n > MAX_BLOBS_PER_BLOCK)
      return reject("TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED", `${n} blobs exceed ${MAX_BLOBS_PER_BLOCK}`);
    for (const h of tx.blobVersionedHashes) {
      if (h.length !== 32 || h[0] !== 0x01) {
        return reject("TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH", "blob versioned hash must start with 0x01");
      }
    }
    if (tx.maxFeePerBlobGas < env.blobBaseFee) {
      return reject(
        "INSUFFICIENT_MAX_FEE_PER_BLOB_GAS",
        `max fee per blob gas is below the blob base fee ${env.blobBaseFee}`,
      );
    }
    blobFee = BigInt(n) * GAS_PER_BLOB * tx.maxFeePerBlobGas;
  }
  if (sender.nonce >= MAX_NONCE) return reject("NONCE_IS_MAX", "sender nonce is 2^64-1");
  if (sender.nonce !== tx.nonce) {
    return reject(
      tx.nonce < sender.nonce ? "NONCE_MISMATCH_TOO_LOW" : "NONCE_MISMATCH_TOO_HIGH",
      `nonce ${tx.nonce} does not match the sender's nonce ${sender.nonce}`,
    );
  }
  // EIP-3607 holds for every fork: clients apply it retroactively.
  if (sender.code.length > 0) {
    return reject("SENDER_NOT_EOA", "the sender has code (EIP-3607)");
  }
  const maxCost = tx.gasLimit * tx.maxFeePerGas + tx.value + blobFee;
  if (sender.balance < maxCost) {
    return reject(
      "INSUFFICIENT_ACCOUNT_FUNDS",
      `sender balance ${sender.balance} is below the maximum cost ${maxCost}`,
    );
  }
  return undefined;
}
