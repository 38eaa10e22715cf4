/** 0x04 IDENTITY: returns its input; 15 gas + 3 per 32-byte word. */
import type { Fork } from "../../forks.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

export function identity(input: Uint8Array, gasLimit: bigint, _fork: Fork): PrecompileResult {
  const gasUsed = 15n + 3n * BigInt(Math.ceil(input.length / 32));
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  return { success: true, gasUsed, output: input.slice() };
}
