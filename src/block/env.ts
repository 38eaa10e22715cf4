/** The block context a transaction executes in. */
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { bytesToBigInt } from "../primitives/hex.js";
import type { BlockHeader } from "./header.js";

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

/** The execution context of a block from its header, under `fork`'s rules. */
export function blockEnvFromHeader(header: BlockHeader, fork: Fork, chainId: bigint): BlockEnv {
  return {
    chainId,
    number: header.number,
    timestamp: header.timestamp,
    coinbase: header.coinbase,
    gasLimit: header.gasLimit,
    baseFee: fork >= Fork.London ? (header.baseFeePerGas ?? 0n) : 0n,
    prevRandao: fork >= Fork.Paris ? bytesToBigInt(header.mixHash) : header.difficulty,
    difficulty: header.difficulty,
    blobBaseFee: fork >= Fork.Cancun ? blobBaseFee(header.excessBlobGas ?? 0n) : 1n,
  };
}
