/** A block as the executor takes it: header, transactions with senders recovered, uncles and withdrawals. */
import type { Address } from "../primitives/address.js";
import type { Transaction } from "../tx/types.js";
import type { BlockHeader } from "./header.js";

/** An EIP-4895 withdrawal; `amount` is in gwei. */
export interface Withdrawal {
  index: bigint;
  validatorIndex: bigint;
  address: Address;
  amount: bigint;
}

export interface Block {
  header: BlockHeader;
  /** keccak256 of the encoded header. */
  hash: Uint8Array;
  transactions: Transaction[];
  /**
   * Uncle headers, when known. JSON-RPC blocks list only uncle hashes, so their headers (and with them the
   * uncle rewards) are unknown: then `uncles` is undefined and `uncleHashes` says how many there were.
   */
  uncles: BlockHeader[] | undefined;
  uncleHashes: Uint8Array[];
  /** From Shanghai on; undefined before. */
  withdrawals: Withdrawal[] | undefined;
}
