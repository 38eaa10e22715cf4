/** The block context a transaction executes in. */
import type { Address } from "../primitives/address.js";

export interface BlockEnv {
  chainId: bigint;
  number: bigint;
  timestamp: bigint;
  coinbase: Address;
  gasLimit: bigint;
  /** 0n before London. */
  baseFee: bigint;
  /** PREVRANDAO from Paris on (the mixHash); DIFFICULTY before. */
  prevRandao: bigint;
  difficulty: bigint;
  /** Blob base fee from excessBlobGas (EIP-4844); 1n when the fork has no blobs. */
  blobBaseFee: bigint;
}

/** fake_exponential(factor, numerator, denominator) from EIP-4844. */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let acc = factor * denominator;
  while (acc > 0n) {
    output += acc;
    acc = (acc * numerator) / (denominator * i);
    i += 1n;
  }
  return output / denominator;
}

export const BLOB_BASE_FEE_UPDATE_FRACTION = 3338477n;
export const MIN_BLOB_BASE_FEE = 1n;

export function blobBaseFee(excessBlobGas: bigint): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, BLOB_BASE_FEE_UPDATE_FRACTION);
}
