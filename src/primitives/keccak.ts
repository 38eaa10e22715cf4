/** keccak256 via hash-wasm, with one reused hasher (created once at module load). */
import { createKeccak } from "hash-wasm";
import { bytesToBigInt } from "./hex.js";

const hasher = await createKeccak(256);

export function keccak256(data: Uint8Array): Uint8Array {
  hasher.init();
  hasher.update(data);
  return hasher.digest("binary");
}

export function keccak256Word(data: Uint8Array): bigint {
  return bytesToBigInt(keccak256(data));
}

/** keccak256 of the empty string: the code hash of an account without code. */
export const EMPTY_CODE_HASH = keccak256(new Uint8Array(0));
export const EMPTY_CODE_HASH_WORD = bytesToBigInt(EMPTY_CODE_HASH);
