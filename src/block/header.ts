/**
 * Block headers: the fields of every fork, the canonical RLP encoding and the block hash. Which optional fields
 * a header carries (base fee, withdrawals root, blob gas, beacon root) follows the fork that introduced them; a
 * header is encoded with exactly the fields it has, in order, which is what its hash commits to.
 */
import { type Address, addressToBytes } from "../primitives/address.js";
import { bigIntToMinimalBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";

export interface BlockHeader {
  parentHash: Uint8Array;
  /** keccak256 of the RLP list of uncle headers ("sha3Uncles"). */
  uncleHash: Uint8Array;
  coinbase: Address;
  stateRoot: Uint8Array;
  transactionsRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  difficulty: bigint;
  number: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  timestamp: bigint;
  extraData: Uint8Array;
  /** PREVRANDAO from the merge on. */
  mixHash: Uint8Array;
  /** 8 bytes. */
  nonce: Uint8Array;
  /** From London (EIP-1559). */
  baseFeePerGas?: bigint;
  /** From Shanghai (EIP-4895). */
  withdrawalsRoot?: Uint8Array;
  /** From Cancun (EIP-4844). */
  blobGasUsed?: bigint;
  excessBlobGas?: bigint;
  /** From Cancun (EIP-4788). */
  parentBeaconBlockRoot?: Uint8Array;
}

/** Names of the optional trailing fields, in encoding order. */
export const OPTIONAL_HEADER_FIELDS = [
  "baseFeePerGas",
  "withdrawalsRoot",
  "blobGasUsed",
  "excessBlobGas",
  "parentBeaconBlockRoot",
] as const;

/** The header as RLP items, in the order the yellow paper and later EIPs define. */
export function headerFields(h: BlockHeader): Uint8Array[] {
  const fields: Uint8Array[] = [
    h.parentHash,
    h.uncleHash,
    addressToBytes(h.coinbase),
    h.stateRoot,
    h.transactionsRoot,
    h.receiptsRoot,
    h.logsBloom,
    bigIntToMinimalBytes(h.difficulty),
    bigIntToMinimalBytes(h.number),
    bigIntToMinimalBytes(h.gasLimit),
    bigIntToMinimalBytes(h.gasUsed),
    bigIntToMinimalBytes(h.timestamp),
    h.extraData,
    h.mixHash,
    h.nonce,
  ];
  // Optional fields are a prefix of the list: a later one is only present when every earlier one is.
  for (const name of OPTIONAL_HEADER_FIELDS) {
    const v = h[name];
    if (v === undefined) break;
    fields.push(typeof v === "bigint" ? bigIntToMinimalBytes(v) : v);
  }
  return fields;
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  return rlpEncode(headerFields(h));
}

export function headerHash(h: BlockHeader): Uint8Array {
  return keccak256(encodeHeader(h));
}

/** keccak256(rlp([])): the uncle hash of a block without uncles. */
export const EMPTY_UNCLE_HASH = keccak256(Uint8Array.of(0xc0));
