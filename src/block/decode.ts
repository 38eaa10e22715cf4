/**
 * Strict decoding of blocks from RLP: [header, transactions, uncles, withdrawals?]. Every field is checked for
 * size and canonical form; a failure names the field and carries the ethereum/tests reason class.
 */
import type { Fork } from "../forks.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { RlpError, type RlpItem, rlpListItems } from "../primitives/rlp.js";
import { decodeTransaction } from "../tx/decode.js";
import { TxDecodeError } from "../tx/errors.js";
import type { Transaction } from "../tx/types.js";
import { BlockDecodeError } from "./errors.js";
import { type BlockHeader, OPTIONAL_HEADER_FIELDS } from "./header.js";
import type { Block, Withdrawal } from "./types.js";

const MAX_U64 = (1n << 64n) - 1n;
const RLP_ENCODING = "BlockException.RLP_STRUCTURES_ENCODING";

function list(item: RlpItem, field: string): RlpItem[] {
  if (!item.isList) throw new BlockDecodeError(field, "expected a list");
  try {
    return rlpListItems(item);
  } catch (e) {
    throw new BlockDecodeError(field, (e as Error).message);
  }
}

function bytes(item: RlpItem, field: string, size?: number, reason = RLP_ENCODING): Uint8Array {
  if (item.isList) throw new BlockDecodeError(field, "expected a byte string, found a list");
  if (size !== undefined && item.payload.length !== size) {
    throw new BlockDecodeError(field, `must be ${size} bytes, got ${item.payload.length}`, reason);
  }
  return item.payload;
}

/** A canonical integer (no leading zero byte); `bits64` limits it to 64 bits as the header's counters are. */
function integer(item: RlpItem, field: string, bits64 = false): bigint {
  const b = bytes(item, field);
  if (b.length > 0 && b[0] === 0) throw new BlockDecodeError(field, "integer with a leading zero byte");
  if (b.length > 32) throw new BlockDecodeError(field, "integer wider than 256 bits");
  const v = bytesToBigInt(b);
  if (bits64 && v > MAX_U64) {
    throw new BlockDecodeError(field, "exceeds 64 bits", "BlockException.RLP_INVALID_FIELD_OVERFLOW_64");
  }
  return v;
}

export function decodeHeaderItem(item: RlpItem, field = "header"): BlockHeader {
  const f = list(item, field);
  const base = 15;
  if (f.length < base || f.length > base + OPTIONAL_HEADER_FIELDS.length) {
    throw new BlockDecodeError(
      field,
      `has ${f.length} fields, expected ${base} to ${base + OPTIONAL_HEADER_FIELDS.length}`,
    );
  }
  const h: BlockHeader = {
    parentHash: bytes(f[0], `${field}.parentHash`, 32),
    uncleHash: bytes(f[1], `${field}.uncleHash`, 32),
    coinbase: bytesToBigInt(bytes(f[2], `${field}.coinbase`, 20, "BlockException.RLP_INVALID_ADDRESS")),
    stateRoot: bytes(f[3], `${field}.stateRoot`, 32),
    transactionsRoot: bytes(f[4], `${field}.transactionsRoot`, 32),
    receiptsRoot: bytes(f[5], `${field}.receiptsRoot`, 32),
    logsBloom: bytes(f[6], `${field}.logsBloom`, 256),
    difficulty: integer(f[7], `${field}.difficulty`),
    number: integer(f[8], `${field}.number`, true),
    gasLimit: integer(f[9], `${field}.gasLimit`, true),
    gasUsed: integer(f[10], `${field}.gasUsed`, true),
    timestamp: integer(f[11], `${field}.timestamp`, true),
    extraData: bytes(f[12], `${field}.extraData`),
    mixHash: bytes(f[13], `${field}.mixHash`, 32),
    nonce: bytes(f[14], `${field}.nonce`, 8),
  };
  if (f.length > 15) h.baseFeePerGas = integer(f[15], `${field}.baseFeePerGas`);
  if (f.length > 16) h.withdrawalsRoot = bytes(f[16], `${field}.withdrawalsRoot`, 32);
  if (f.length > 17) h.blobGasUsed = integer(f[17], `${field}.blobGasUsed`, true);
  if (f.length > 18) h.excessBlobGas = integer(f[18], `${field}.excessBlobGas`, true);
  if (f.length > 19) h.parentBeaconBlockRoot = bytes(f[19], `${field}.parentBeaconBlockRoot`, 32);
  return h;
}

function decodeWithdrawal(item: RlpItem, field: string): Withdrawal {
  const f = list(item, field);
  if (f.length !== 4) throw new BlockDecodeError(field, `has ${f.length} fields, expected 4`);
  return {
    index: integer(f[0], `${field}.index`, true),
    validatorIndex: integer(f[1], `${field}.validatorIndex`, true),
    address: bytesToBigInt(bytes(f[2], `${field}.address`, 20, "BlockException.RLP_INVALID_ADDRESS")),
    amount: integer(f[3], `${field}.amount`, true),
  };
}

/** A transaction inside a block: a legacy one is an RLP list, a typed one a byte string holding its envelope. */
function decodeBlockTransaction(item: RlpItem, field: string, fork: Fork): Transaction {
  const encoded = item.isList ? item.raw : item.payload;
  if (!item.isList && (encoded.length === 0 || encoded[0] >= 0x80)) {
    throw new BlockDecodeError(field, "a typed transaction must start with its type byte");
  }
  try {
    return decodeTransaction(encoded, fork);
  } catch (e) {
    if (e instanceof TxDecodeError) {
      throw new BlockDecodeError(`${field}.${e.field}`, e.problem, "TransactionException.INVALID_TRANSACTION_ENCODING");
    }
    throw e;
  }
}

/**
 * Decodes a block. `forkOf` gives the fork for the header (signature rules of transactions depend on it).
 * Senders are recovered here, once.
 */
export function decodeBlock(rlp: Uint8Array, forkOf: (header: BlockHeader) => Fork): Block {
  let top: RlpItem[];
  try {
    top = rlpListItems(rlp);
  } catch (e) {
    if (e instanceof RlpError) throw new BlockDecodeError("block", e.message);
    throw e;
  }
  if (top.length < 3 || top.length > 4) throw new BlockDecodeError("block", `has ${top.length} parts, expected 3 or 4`);
  const header = decodeHeaderItem(top[0]);
  const fork = forkOf(header);
  const transactions = list(top[1], "transactions").map((t, i) =>
    decodeBlockTransaction(t, `transactions[${i}]`, fork),
  );
  const uncleItems = list(top[2], "uncles");
  const uncles = uncleItems.map((u, i) => decodeHeaderItem(u, `uncles[${i}]`));
  const withdrawals =
    top.length === 4 ? list(top[3], "withdrawals").map((w, i) => decodeWithdrawal(w, `withdrawals[${i}]`)) : undefined;
  if ((withdrawals === undefined) !== (header.withdrawalsRoot === undefined)) {
    throw new BlockDecodeError(
      "withdrawals",
      withdrawals === undefined
        ? "missing while the header has a withdrawals root"
        : "present without a withdrawals root",
      "BlockException.RLP_WITHDRAWALS_NOT_READ",
    );
  }
  return {
    header,
    hash: keccak256(top[0].raw),
    transactions,
    uncles,
    uncleHashes: uncleItems.map((u) => keccak256(u.raw)),
    withdrawals,
  };
}
