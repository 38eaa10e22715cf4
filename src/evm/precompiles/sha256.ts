/**
 * 0x02 SHA256: 60 gas + 12 per 32-byte word. Hashed with Node's native OpenSSL binding (several
 * times faster than pure JS, ~10x on large inputs); @noble/hashes is the fallback if it is missing.
 */
import { createHash } from "node:crypto";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import type { Fork } from "../../forks.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

function probeNative(): boolean {
  try {
    createHash("sha256").update(new Uint8Array(1)).digest();
    return true;
  } catch {
    return false;
  }
}

const NATIVE = probeNative();

/** SHA-256 of `data` as a fresh 32-byte Uint8Array. */
export function sha256Digest(data: Uint8Array): Uint8Array {
  if (!NATIVE) return nobleSha256(data);
  const out = new Uint8Array(32);
  out.set(createHash("sha256").update(data).digest());
  return out;
}

export function sha256(input: Uint8Array, gasLimit: bigint, _fork: Fork): PrecompileResult {
  const gasUsed = 60n + 12n * BigInt(Math.ceil(input.length / 32));
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  return { success: true, gasUsed, output: sha256Digest(input) };
}
