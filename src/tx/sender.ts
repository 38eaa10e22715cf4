/** Sender recovery via the native libsecp256k1 `ecdsaRecover` (uncompressed key → keccak → last 20 bytes). */
import type { Address } from "../primitives/address.js";
import { bigIntToBytes } from "../primitives/hex.js";
import { TxDecodeError } from "./errors.js";
import { publicKeyToAddress, type SignedFields, secp256k1, signingHash } from "./sign.js";

/** secp256k1 group order n, and n/2 (EIP-2: s must be at most n/2 from Homestead on). */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const SECP256K1_N_HALF = SECP256K1_N >> 1n;

const pubkeyOut = new Uint8Array(65);

/**
 * Recovers the signer of `messageHash` (32 bytes) from a 64-byte compact signature r ++ s and a
 * recovery id (0 or 1). Throws TxDecodeError(field "signature") when no public key can be recovered.
 * Range checks of r and s (and EIP-2's low s) are the caller's business.
 */
export function recoverAddress(messageHash: Uint8Array, signature: Uint8Array, recoveryId: number): Address {
  let pub: Uint8Array;
  try {
    pub = secp256k1.ecdsaRecover(signature, recoveryId, messageHash, false, pubkeyOut);
  } catch (e) {
    throw new TxDecodeError("signature", `no public key can be recovered (${(e as Error).message})`);
  }
  return publicKeyToAddress(pub);
}

/** The recovery id (y parity) that `v` encodes for the transaction's type. */
export function recoveryIdOf(tx: Pick<SignedFields, "type" | "chainId" | "v">): number {
  if (tx.type !== 0) {
    if (tx.v !== 0n && tx.v !== 1n) throw new TxDecodeError("yParity", `must be 0 or 1, got ${tx.v}`);
    return Number(tx.v);
  }
  if (tx.chainId === undefined) {
    if (tx.v !== 27n && tx.v !== 28n) throw new TxDecodeError("v", `must be 27 or 28 without a chain id, got ${tx.v}`);
    return Number(tx.v - 27n);
  }
  const parity = tx.v - tx.chainId * 2n - 35n;
  if (parity !== 0n && parity !== 1n) {
    throw new TxDecodeError("v", `must be chainId * 2 + 35 or 36 (EIP-155), got ${tx.v} for chain id ${tx.chainId}`);
  }
  return Number(parity);
}

/**
 * Recovers the sender of a signed transaction given as fields (re-encoding its signing payload; the
 * decoder has a faster path from raw bytes). Checks r and s are in [1, n-1], not EIP-2's low s rule.
 */
export function recoverSender(tx: SignedFields): Address {
  if (tx.r === 0n || tx.r >= SECP256K1_N) throw new TxDecodeError("signature", "r is not in [1, secp256k1n - 1]");
  if (tx.s === 0n || tx.s >= SECP256K1_N) throw new TxDecodeError("signature", "s is not in [1, secp256k1n - 1]");
  const sig = new Uint8Array(64);
  sig.set(bigIntToBytes(tx.r, 32), 0);
  sig.set(bigIntToBytes(tx.s, 32), 32);
  return recoverAddress(signingHash(tx), sig, recoveryIdOf(tx));
}
