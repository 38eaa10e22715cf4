/**
 * 0x01 ECRECOVER: recovers the signer address of (hash, v, r, s); 3000 gas.
 * Bad v/r/s or a failed recovery is not an error: the call succeeds with empty output.
 * Uses the native libsecp256k1 binding; the pure-JS fallback of the `secp256k1` package is only
 * taken when no prebuilt binary loads, and `ecrecoverBackend` says which one is in use.
 */
import { createRequire } from "node:module";
import type * as Secp256k1 from "secp256k1";
import type { Fork } from "../../forks.js";
import { hexToBytes } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

type Secp256k1Api = typeof Secp256k1;

const require = createRequire(import.meta.url);

function loadSecp256k1(): { api: Secp256k1Api; backend: "native" | "elliptic" } {
  try {
    return { api: require("secp256k1/bindings.js") as Secp256k1Api, backend: "native" };
  } catch {
    return { api: require("secp256k1/elliptic.js") as Secp256k1Api, backend: "elliptic" };
  }
}

const { api: secp, backend } = loadSecp256k1();

/** Which secp256k1 implementation ecrecover runs on ("native" is expected on supported platforms). */
export const ecrecoverBackend: "native" | "elliptic" = backend;

const GAS_ECRECOVER = 3000n;
const EMPTY = new Uint8Array(0);

/** n - 1 of secp256k1, as 32 big-endian bytes. */
const N_MINUS_1 = hexToBytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");

/** True if the 32 bytes at `off` are in [1, n-1]. */
function inScalarRange(data: Uint8Array, off: number): boolean {
  let zero = true;
  for (let i = 0; i < 32; i++) {
    if (data[off + i] !== 0) {
      zero = false;
      break;
    }
  }
  if (zero) return false;
  for (let i = 0; i < 32; i++) {
    const a = data[off + i];
    const b = N_MINUS_1[i];
    if (a !== b) return a < b;
  }
  return true;
}

export function ecrecover(input: Uint8Array, gasLimit: bigint, _fork: Fork): PrecompileResult {
  if (GAS_ECRECOVER > gasLimit) return PRECOMPILE_FAILURE;
  let data = input;
  if (data.length < 128) {
    data = new Uint8Array(128);
    data.set(input);
  }
  // v must be exactly 27 or 28 as a 32-byte word.
  for (let i = 32; i < 63; i++) {
    if (data[i] !== 0) return { success: true, gasUsed: GAS_ECRECOVER, output: EMPTY };
  }
  const v = data[63];
  if ((v !== 27 && v !== 28) || !inScalarRange(data, 64) || !inScalarRange(data, 96)) {
    return { success: true, gasUsed: GAS_ECRECOVER, output: EMPTY };
  }
  let publicKey: Uint8Array;
  try {
    publicKey = secp.ecdsaRecover(data.subarray(64, 128), v - 27, data.subarray(0, 32), false);
  } catch {
    return { success: true, gasUsed: GAS_ECRECOVER, output: EMPTY };
  }
  const output = new Uint8Array(32);
  output.set(keccak256(publicKey.subarray(1)).subarray(12), 12);
  return { success: true, gasUsed: GAS_ECRECOVER, output };
}
