/** Decoded transactions (types 0–3). Senders are recovered once, up front, and carried on the object. */
import type { Address } from "../primitives/address.js";

export interface AccessListEntry {
  address: Address;
  storageKeys: bigint[];
}

export interface Transaction {
  /** 0 legacy, 1 EIP-2930, 2 EIP-1559, 3 EIP-4844. */
  type: 0 | 1 | 2 | 3;
  chainId: bigint | undefined;
  nonce: bigint;
  /** Legacy and type 1: the gas price. Types 2 and 3: maxFeePerGas. */
  maxFeePerGas: bigint;
  /** Legacy and type 1: equal to the gas price. */
  maxPriorityFeePerGas: bigint;
  gasLimit: bigint;
  /** undefined = contract creation. */
  to: Address | undefined;
  value: bigint;
  data: Uint8Array;
  accessList: AccessListEntry[];
  maxFeePerBlobGas: bigint;
  blobVersionedHashes: Uint8Array[];
  v: bigint;
  r: bigint;
  s: bigint;
  /** Recovered signer. */
  sender: Address;
  /** keccak256 of the signed encoding (the transaction hash). */
  hash: Uint8Array;
}
