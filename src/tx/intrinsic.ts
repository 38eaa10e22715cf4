/** Intrinsic gas: what a transaction costs before its first instruction runs. */
import { Fork } from "../forks.js";
import type { Transaction } from "./types.js";

/** EIP-3860 (Shanghai): the largest initcode a creation transaction or CREATE/CREATE2 may carry. */
export const MAX_INITCODE_SIZE = 49152;

export const TX_GAS = 21000n;
/** Creation transactions from Homestead on (EIP-2); 21000 in Frontier. */
export const TX_CREATE_GAS = 53000n;
export const TX_DATA_ZERO_GAS = 4n;
/** Per non-zero calldata byte: 68 before Istanbul, 16 from Istanbul on (EIP-2028). */
export const TX_DATA_NONZERO_GAS_FRONTIER = 68n;
export const TX_DATA_NONZERO_GAS_ISTANBUL = 16n;
/** EIP-2930 (Berlin). */
export const ACCESS_LIST_ADDRESS_GAS = 2400n;
export const ACCESS_LIST_STORAGE_KEY_GAS = 1900n;
/** EIP-3860 (Shanghai): per 32-byte word of initcode in a creation transaction. */
export const INITCODE_WORD_GAS = 2n;

/** The number of zero bytes in calldata. */
function countZeros(data: Uint8Array): number {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return zeros;
}

/**
 * Intrinsic gas of a transaction under `fork`: base (21000, or 53000 for a creation from Homestead on),
 * calldata (4 per zero byte; 68 — 16 from Istanbul — per non-zero byte), access list (2400 per address,
 * 1900 per storage key, from Berlin on), and EIP-3860 initcode words (2 per 32 bytes, creations, Shanghai+).
 */
export function intrinsicGas(tx: Pick<Transaction, "to" | "data" | "accessList">, fork: Fork): bigint {
  const create = tx.to === undefined;
  let gas = create && fork >= Fork.Homestead ? TX_CREATE_GAS : TX_GAS;
  const zeros = countZeros(tx.data);
  const nonZeros = tx.data.length - zeros;
  const nonZeroGas = fork >= Fork.Istanbul ? TX_DATA_NONZERO_GAS_ISTANBUL : TX_DATA_NONZERO_GAS_FRONTIER;
  gas += BigInt(zeros) * TX_DATA_ZERO_GAS + BigInt(nonZeros) * nonZeroGas;
  if (fork >= Fork.Berlin && tx.accessList.length > 0) {
    let keys = 0;
    for (const entry of tx.accessList) keys += entry.storageKeys.length;
    gas += BigInt(tx.accessList.length) * ACCESS_LIST_ADDRESS_GAS + BigInt(keys) * ACCESS_LIST_STORAGE_KEY_GAS;
  }
  if (create && fork >= Fork.Shanghai) gas += BigInt(Math.ceil(tx.data.length / 32)) * INITCODE_WORD_GAS;
  return gas;
}
