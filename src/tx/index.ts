/** tx/: decoding, signing, sender recovery, intrinsic gas, and RPC JSON for transaction types 0–3. */
export { bytesToBigIntRange, decodeTransaction } from "./decode.js";
export { TxDecodeError } from "./errors.js";
export {
  ACCESS_LIST_ADDRESS_GAS,
  ACCESS_LIST_STORAGE_KEY_GAS,
  INITCODE_WORD_GAS,
  intrinsicGas,
  MAX_INITCODE_SIZE,
  TX_CREATE_GAS,
  TX_DATA_NONZERO_GAS_FRONTIER,
  TX_DATA_NONZERO_GAS_ISTANBUL,
  TX_DATA_ZERO_GAS,
  TX_GAS,
} from "./intrinsic.js";
export { transactionFromRpcJson } from "./json.js";
export { recoverAddress, recoverSender, recoveryIdOf, SECP256K1_N, SECP256K1_N_HALF } from "./sender.js";
export {
  encodeTransaction,
  privateKeyToAddress,
  publicKeyToAddress,
  SECP256K1_BACKEND,
  type SignedFields,
  type SigningFields,
  secp256k1,
  signingHash,
  signingPayload,
  signTransaction,
  type UnsignedTransaction,
} from "./sign.js";
export type { AccessListEntry, Transaction } from "./types.js";
