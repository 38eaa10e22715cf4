/**
 * Transactions from JSON-RPC block JSON (eth_getBlockByNumber(n, true)): rebuilt, re-encoded, decoded
 * (so the same strict checks and sender recovery apply), and checked against the `hash` and `from` given.
 */
import { Fork } from "../forks.js";
import { addressToHex } from "../primitives/address.js";
import { bytesToBigInt, bytesToHex, equalBytes } from "../primitives/hex.js";
import { isJsonObject as isObject, type Json, JsonReader } from "../primitives/json-reader.js";
import { decodeTransaction } from "./decode.js";
import { TxDecodeError } from "./errors.js";
import { encodeTransaction, type SignedFields } from "./sign.js";
import type { AccessListEntry, Transaction } from "./types.js";

/** The JSON reader with the transaction's own error and the access-list reader. */
class Reader extends JsonReader {
  constructor(o: Json, where: string) {
    super(o, (field, problem) => {
      throw new TxDecodeError(field, problem, where);
    });
  }

  accessList(): AccessListEntry[] {
    return this.array("accessList").map((entry) => {
      if (!isObject(entry)) this.fail("accessList", "an entry is not an object");
      const keys = entry.storageKeys ?? [];
      if (!Array.isArray(keys)) this.fail("accessList.storageKeys", "expected an array");
      return {
        address: this.address("accessList.address", entry.address),
        storageKeys: keys.map((k) => bytesToBigInt(this.fixed("accessList.storageKeys", 32, k))),
      };
    });
  }
}

/** Rebuilds the signed fields of one RPC transaction object. */
function fieldsFromJson(r: Reader): SignedFields {
  const typeNumber = r.has("type") ? Number(r.quantity("type")) : 0;
  if (typeNumber !== 0 && typeNumber !== 1 && typeNumber !== 2 && typeNumber !== 3) {
    r.fail("type", `unsupported transaction type ${typeNumber}`);
  }
  const type: 0 | 1 | 2 | 3 = typeNumber;
  const toValue = r.o.to;
  const to = toValue === null || toValue === undefined ? undefined : r.address("to");
  const data = r.has("input") ? r.data("input") : r.has("data") ? r.data("data") : r.data("input");
  const v = r.has("v") ? r.quantity("v") : r.quantity("yParity");
  const base = { nonce: r.quantity("nonce"), gasLimit: r.quantity("gas"), to, value: r.quantity("value"), data };

  if (type === 0) {
    let chainId: bigint | undefined;
    if (v >= 35n) {
      chainId = (v - 35n) >> 1n;
      const given = r.optionalQuantity("chainId");
      if (given !== undefined && given !== chainId)
        r.fail("chainId", `is ${given} but v = ${v} encodes chain id ${chainId}`);
    } else if (v !== 27n && v !== 28n) {
      r.fail("v", `must be 27, 28 or chainId * 2 + 35/36 (EIP-155), got ${v}`);
    }
    const gasPrice = r.quantity("gasPrice");
    return {
      type,
      chainId,
      ...base,
      maxFeePerGas: gasPrice,
      maxPriorityFeePerGas: gasPrice,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      v,
      r: r.quantity("r"),
      s: r.quantity("s"),
    };
  }

  const yParity = r.has("yParity") ? r.quantity("yParity") : v;
  if (yParity !== v) r.fail("yParity", `is ${yParity} but v is ${v}`);
  let maxFeePerGas: bigint;
  let maxPriorityFeePerGas: bigint;
  if (type === 1) {
    maxFeePerGas = r.quantity("gasPrice");
    maxPriorityFeePerGas = maxFeePerGas;
  } else {
    maxFeePerGas = r.quantity("maxFeePerGas");
    maxPriorityFeePerGas = r.quantity("maxPriorityFeePerGas");
  }
  return {
    type,
    chainId: r.quantity("chainId"),
    ...base,
    maxFeePerGas,
    maxPriorityFeePerGas,
    accessList: r.accessList(),
    maxFeePerBlobGas: type === 3 ? r.quantity("maxFeePerBlobGas") : 0n,
    blobVersionedHashes:
      type === 3 ? r.array("blobVersionedHashes").map((h) => r.fixed("blobVersionedHashes", 32, h)) : [],
    v: yParity,
    r: r.quantity("r"),
    s: r.quantity("s"),
  };
}

/**
 * Builds a Transaction from a JSON-RPC transaction object, recomputing its hash and recovering its
 * sender, and checks them against the object's `hash` and `from` (when given). Signature rules are those
 * of `fork` (default Cancun; pass the block's fork for pre-Homestead blocks). Errors are TxDecodeErrors
 * whose message starts with `where` (e.g. "block 19932703 tx 5").
 */
export function transactionFromRpcJson(obj: unknown, where: string, fork: Fork = Fork.Cancun): Transaction {
  if (!isObject(obj)) throw new TxDecodeError("transaction", "not a JSON object", where);
  const r = new Reader(obj, where);
  const fields = fieldsFromJson(r);
  let tx: Transaction;
  try {
    tx = decodeTransaction(encodeTransaction(fields), fork);
  } catch (e) {
    if (e instanceof TxDecodeError) throw new TxDecodeError(e.field, e.problem, where);
    throw e;
  }
  if (r.has("hash")) {
    const given = r.fixed("hash", 32);
    if (!equalBytes(given, tx.hash)) {
      r.fail("hash", `is ${bytesToHex(given)} but the rebuilt transaction hashes to ${bytesToHex(tx.hash)}`);
    }
  }
  if (r.has("from")) {
    const from = r.address("from");
    if (from !== tx.sender)
      r.fail("from", `is ${addressToHex(from)} but the signature recovers ${addressToHex(tx.sender)}`);
  }
  return tx;
}
