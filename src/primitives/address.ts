/** Addresses are bigints (< 2^160) inside the engine; converted to bytes only for hashing and RLP. */
import { bigIntToBytes, bigIntToMinimalBytes, bytesToBigInt, concatBytes, hexToBigInt } from "./hex.js";
import { keccak256 } from "./keccak.js";
import { rlpEncode } from "./rlp.js";

export type Address = bigint;
export const ADDRESS_MASK = (1n << 160n) - 1n;

export function addressToBytes(address: Address): Uint8Array {
  return bigIntToBytes(address, 20);
}

export function addressToHex(address: Address): string {
  return `0x${address.toString(16).padStart(40, "0")}`;
}

export function hexToAddress(hex: string): Address {
  return hexToBigInt(hex) & ADDRESS_MASK;
}

/** CREATE: keccak256(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: Address, nonce: bigint): Address {
  const hash = keccak256(rlpEncode([addressToBytes(sender), bigIntToMinimalBytes(nonce)]));
  return bytesToBigInt(hash.subarray(12));
}

/** CREATE2: keccak256(0xff ++ sender ++ salt ++ keccak256(initcode))[12:]. */
export function create2Address(sender: Address, salt: bigint, initCodeHash: Uint8Array): Address {
  const hash = keccak256(
    concatBytes(Uint8Array.of(0xff), addressToBytes(sender), bigIntToBytes(salt, 32), initCodeHash),
  );
  return bytesToBigInt(hash.subarray(12));
}
