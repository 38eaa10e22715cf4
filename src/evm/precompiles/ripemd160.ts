/** 0x03 RIPEMD160: 600 gas + 120 per 32-byte word; the 20-byte digest is left-padded to 32 bytes. */
import { ripemd160 as nobleRipemd160 } from "@noble/hashes/legacy.js";
import type { Fork } from "../../forks.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

export function ripemd160(input: Uint8Array, gasLimit: bigint, _fork: Fork): PrecompileResult {
  const gasUsed = 600n + 120n * BigInt(Math.ceil(input.length / 32));
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  const output = new Uint8Array(32);
  output.set(nobleRipemd160(input), 12);
  return { success: true, gasUsed, output };
}
