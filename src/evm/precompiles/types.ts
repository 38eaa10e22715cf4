/** The shape every precompile implements: pure, synchronous, priced by its own gas rule. */
import type { Fork } from "../../forks.js";

export interface PrecompileResult {
  /** False = exceptional halt: all gas given to the call is consumed, no output. */
  success: boolean;
  /** Gas consumed on success (must be <= gasLimit). */
  gasUsed: bigint;
  output: Uint8Array;
}

export type Precompile = (input: Uint8Array, gasLimit: bigint, fork: Fork) => PrecompileResult;

export const PRECOMPILE_FAILURE: PrecompileResult = Object.freeze({
  success: false,
  gasUsed: 0n,
  output: new Uint8Array(0),
}) as PrecompileResult;
