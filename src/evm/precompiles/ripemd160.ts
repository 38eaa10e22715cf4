/**
 * 0x03 RIPEMD160: 600 gas + 120 per 32-byte word; the 20-byte digest is left-padded to 32 bytes.
 * Hashed with Node's native OpenSSL binding when this build provides RIPEMD-160 (OpenSSL 3 may
 * leave it to the legacy provider), otherwise with @noble/hashes.
 */
import { createHash } from "node:crypto";
import { ripemd160 as nobleRipemd160 } from "@noble/hashes/legacy.js";
import type { Fork } from "../../forks.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

function probeNative(): boolean {
  try {
    createHash("ripemd160").update(new Uint8Array(1)).digest();
    return true;
  } catch {
    return false;
  }
}

const NATIVE = probeNative();

export function ripemd160(input: Uint8Array, gasLimit: bigint, _fork: Fork): PrecompileResult {
  const gasUsed = 600n + 120n * BigInt(Math.ceil(input.length / 32));
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  const output = new Uint8Array(32);
  output.set(NATIVE ? createHash("ripemd160").update(input).digest() : nobleRipemd160(input), 12);
  return { success: true, gasUsed, output };
}
