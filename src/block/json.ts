/**
 * Blocks from JSON-RPC JSON (eth_getBlockByNumber(n, true)). The header is rebuilt and must hash to the
 * `hash` given, so a field read wrongly cannot pass unnoticed; transactions go through the strict decoder and
 * their `from` is checked against the recovered signer.
 */
import { type ChainConfig, forkAt, MAINNET } from "../forks.js";
import { bytesToHex, equalBytes } from "../primitives/hex.js";
import { isJsonObject, JsonReader } from "../primitives/json-reader.js";
import { transactionFromRpcJson } from "../tx/json.js";
import { BlockDecodeError } from "./errors.js";
import { type BlockHeader, headerHash } from "./header.js";
import type { Block, Withdrawal } from "./types.js";

function reader(obj: unknown, field: string, where: string): JsonReader {
  if (!isJsonObject(obj)) throw new BlockDecodeError(field, "not a JSON object", undefined, where);
  return new JsonReader(obj, (f, problem) => {
    throw new BlockDecodeError(field === "block" ? f : `${field}.${f}`, problem, undefined, where);
  });
}

export function headerFromRpcJson(r: JsonReader): BlockHeader {
  const h: BlockHeader = {
    parentHash: r.fixed("parentHash", 32),
    uncleHash: r.fixed("sha3Uncles", 32),
    coinbase: r.address("miner"),
    stateRoot: r.fixed("stateRoot", 32),
    transactionsRoot: r.fixed("transactionsRoot", 32),
    receiptsRoot: r.fixed("receiptsRoot", 32),
    logsBloom: r.fixed("logsBloom", 256),
    difficulty: r.quantity("difficulty"),
    number: r.quantity("number"),
    gasLimit: r.quantity("gasLimit"),
    gasUsed: r.quantity("gasUsed"),
    timestamp: r.quantity("timestamp"),
    extraData: r.data("extraData"),
    mixHash: r.fixed("mixHash", 32),
    nonce: r.fixed("nonce", 8),
  };
  if (r.has("baseFeePerGas")) h.baseFeePerGas = r.quantity("baseFeePerGas");
  if (r.has("withdrawalsRoot")) h.withdrawalsRoot = r.fixed("withdrawalsRoot", 32);
  if (r.has("blobGasUsed")) h.blobGasUsed = r.quantity("blobGasUsed");
  if (r.has("excessBlobGas")) h.excessBlobGas = r.quantity("excessBlobGas");
  if (r.has("parentBeaconBlockRoot")) h.parentBeaconBlockRoot = r.fixed("parentBeaconBlockRoot", 32);
  return h;
}

function withdrawalFromJson(obj: unknown, field: string, where: string): Withdrawal {
  const r = reader(obj, field, where);
  return {
    index: r.quantity("index"),
    validatorIndex: r.quantity("validatorIndex"),
    address: r.address("address"),
    amount: r.quantity("amount"),
  };
}

/**
 * Builds a Block from JSON-RPC block JSON with full transactions. `where` prefixes every error (e.g. the file
 * name). Uncle headers are not in this format: `uncles` is undefined and `uncleHashes` lists them.
 */
export function blockFromRpcJson(obj: unknown, where: string, chain: ChainConfig = MAINNET): Block {
  const r = reader(obj, "block", where);
  const header = headerFromRpcJson(r);
  const hash = headerHash(header);
  if (r.has("hash")) {
    const given = r.fixed("hash", 32);
    if (!equalBytes(given, hash)) {
      r.fail("hash", `is ${bytesToHex(given)} but the header's fields hash to ${bytesToHex(hash)}`);
    }
  }
  const fork = forkAt(chain, header.number, header.timestamp);
  const transactions = r.array("transactions").map((t, i) => {
    if (typeof t === "string") r.fail(`transactions[${i}]`, "is a hash: fetch the block with full transactions");
    return transactionFromRpcJson(t, `${where}: transactions[${i}]`, fork);
  });
  const withdrawals = r.has("withdrawals")
    ? r.array("withdrawals").map((w, i) => withdrawalFromJson(w, `withdrawals[${i}]`, where))
    : undefined;
  return {
    header,
    hash,
    transactions,
    uncles: undefined,
    uncleHashes: r.array("uncles").map((u, i) => r.fixed(`uncles[${i}]`, 32, u)),
    withdrawals,
  };
}
