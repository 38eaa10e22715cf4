/** 0x02 SHA256: 60 gas + 12 per 32-byte word. */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import type { Fork } from "../../forks.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

export function sha256(input: Uint8Array, gasLimit: bigint, _fork: Fork): PrecompileResult {
  const gasUsed = 60n + 12n * BigInt(Math.ceil(input.length / 32));
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  return { success: true, gasUsed, output: nobleSha256(input) };
}
