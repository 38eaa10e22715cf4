/** The precompiled contracts of each fork, indexed by address number (1..10); built once per fork. */
import { Fork } from "../../forks.js";
import { blake2f } from "./blake2f.js";
import { bn254Add, bn254Mul, bn254Pairing } from "./bn254.js";
import { ecrecover } from "./ecrecover.js";
import { identity } from "./identity.js";
import { modexp } from "./modexp.js";
import { pointEvaluation } from "./pointEvaluation.js";
import { ripemd160 } from "./ripemd160.js";
import { sha256 } from "./sha256.js";
import type { Precompile } from "./types.js";

export { blake2bCompress, blake2f } from "./blake2f.js";
export { bn254Add, bn254Mul, bn254Pairing } from "./bn254.js";
export { ecrecover, ecrecoverBackend } from "./ecrecover.js";
export { identity } from "./identity.js";
export { modexp, modexpGas, modPow } from "./modexp.js";
export {
  BLS_MODULUS,
  FIELD_ELEMENTS_PER_BLOB,
  kzgCommitmentToVersionedHash,
  pointEvaluation,
} from "./pointEvaluation.js";
export { ripemd160 } from "./ripemd160.js";
export { sha256 } from "./sha256.js";
export type { Precompile, PrecompileResult } from "./types.js";
export { PRECOMPILE_FAILURE } from "./types.js";

/** Highest precompile address number active in `fork`. */
export function maxPrecompileAddress(fork: Fork): number {
  if (fork >= Fork.Cancun) return 10;
  if (fork >= Fork.Istanbul) return 9;
  if (fork >= Fork.Byzantium) return 8;
  return 4;
}

const ALL: ReadonlyArray<Precompile | undefined> = [
  undefined,
  ecrecover,
  sha256,
  ripemd160,
  identity,
  modexp,
  bn254Add,
  bn254Mul,
  bn254Pairing,
  blake2f,
  pointEvaluation,
];

const cache = new Map<Fork, ReadonlyArray<Precompile | undefined>>();

/**
 * The precompiles active in `fork`: entry i is the contract at address i (entry 0 is undefined), and
 * the array's length is maxPrecompileAddress(fork) + 1. Frozen and shared; built on first request.
 */
export function precompilesFor(fork: Fork): ReadonlyArray<Precompile | undefined> {
  let table = cache.get(fork);
  if (table === undefined) {
    table = Object.freeze(ALL.slice(0, maxPrecompileAddress(fork) + 1));
    cache.set(fork, table);
  }
  return table;
}
