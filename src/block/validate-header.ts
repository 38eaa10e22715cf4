/**
 * Header and body rules checked before execution: against the parent (number, time, gas limit, base fee,
 * excess blob gas) and against the block's own body (transactions, uncles and withdrawals roots).
 */
import { Fork } from "../forks.js";
import { addressToBytes } from "../primitives/address.js";
import { bigIntToMinimalBytes, bytesToHex, equalBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";
import { orderedTrieRoot } from "../state/trie.js";
import { encodeTransaction } from "../tx/sign.js";
import { InvalidBlockError } from "./errors.js";
import { MAX_BLOB_GAS_PER_BLOCK } from "./execute.js";
import { type BlockHeader, EMPTY_UNCLE_HASH, headerFields } from "./header.js";
import type { Block } from "./types.js";
import { GAS_PER_BLOB } from "./validate.js";

const GAS_LIMIT_BOUND_DIVISOR = 1024n;
const MIN_GAS_LIMIT = 5000n;
const MAX_GAS_LIMIT = (1n << 63n) - 1n;
const ELASTICITY_MULTIPLIER = 2n;
const BASE_FEE_MAX_CHANGE_DENOMINATOR = 8n;
const INITIAL_BASE_FEE = 1_000_000_000n;
const MAX_EXTRA_DATA = 32;
export const TARGET_BLOB_GAS_PER_BLOCK = 393_216n;

function fail(reason: string, detail: string): never {
  throw new InvalidBlockError(`BlockException.${reason}`, detail);
}

/** EIP-1559: the base fee a child of `parent` must carry (`parentFork` decides whether the parent had one). */
export function expectedBaseFee(parent: BlockHeader, parentFork: Fork): bigint {
  if (parentFork < Fork.London || parent.baseFeePerGas === undefined) return INITIAL_BASE_FEE;
  const baseFee = parent.baseFeePerGas;
  const target = parent.gasLimit / ELASTICITY_MULTIPLIER;
  if (parent.gasUsed === target) return baseFee;
  if (parent.gasUsed > target) {
    const delta = (baseFee * (parent.gasUsed - target)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
    return baseFee + (delta > 1n ? delta : 1n);
  }
  return baseFee - (baseFee * (target - parent.gasUsed)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
}

/** EIP-4844: the excess blob gas a child of `parent` must carry. */
export function expectedExcessBlobGas(parent: BlockHeader): bigint {
  const sum = (parent.excessBlobGas ?? 0n) + (parent.blobGasUsed ?? 0n);
  return sum < TARGET_BLOB_GAS_PER_BLOCK ? 0n : sum - TARGET_BLOB_GAS_PER_BLOCK;
}

/** Fields a fork's header must have, and only those. */
function checkFormat(h: BlockHeader, fork: Fork): void {
  const expect: Array<[keyof BlockHeader, Fork]> = [
    ["baseFeePerGas", Fork.London],
    ["withdrawalsRoot", Fork.Shanghai],
    ["blobGasUsed", Fork.Cancun],
    ["excessBlobGas", Fork.Cancun],
    ["parentBeaconBlockRoot", Fork.Cancun],
  ];
  for (const [field, since] of expect) {
    const present = h[field] !== undefined;
    if (present !== fork >= since) {
      fail("INCORRECT_BLOCK_FORMAT", `${field} is ${present ? "present" : "missing"} in a ${Fork[fork]} header`);
    }
  }
}

/** Checks `header` against its parent. Throws InvalidBlockError with the ethereum/tests reason class. */
export function validateHeader(header: BlockHeader, parent: BlockHeader, fork: Fork, parentFork: Fork): void {
  checkFormat(header, fork);
  if (header.number !== parent.number + 1n) {
    fail("INVALID_BLOCK_NUMBER", `number ${header.number} does not follow the parent's ${parent.number}`);
  }
  if (header.timestamp <= parent.timestamp) {
    fail(
      "INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT",
      `timestamp ${header.timestamp} is not after the parent's ${parent.timestamp}`,
    );
  }
  if (header.extraData.length > MAX_EXTRA_DATA) {
    fail("EXTRA_DATA_TOO_BIG", `extraData of ${header.extraData.length} bytes exceeds ${MAX_EXTRA_DATA}`);
  }
  if (header.gasLimit > MAX_GAS_LIMIT) fail("GASLIMIT_TOO_BIG", `gas limit ${header.gasLimit} exceeds 2^63-1`);
  // At the London fork block the target doubles: the parent's limit counts times the elasticity.
  const parentLimit =
    fork >= Fork.London && parentFork < Fork.London ? parent.gasLimit * ELASTICITY_MULTIPLIER : parent.gasLimit;
  const bound = parentLimit / GAS_LIMIT_BOUND_DIVISOR;
  const diff = header.gasLimit > parentLimit ? header.gasLimit - parentLimit : parentLimit - header.gasLimit;
  if (diff >= bound || header.gasLimit < MIN_GAS_LIMIT) {
    fail("INVALID_GASLIMIT", `gas limit ${header.gasLimit} is out of bounds for the parent's ${parentLimit}`);
  }
  if (header.gasUsed > header.gasLimit) {
    fail("GAS_USED_OVERFLOW", `gas used ${header.gasUsed} exceeds the gas limit ${header.gasLimit}`);
  }
  if (fork >= Fork.London) {
    const expected = expectedBaseFee(parent, parentFork);
    if (header.baseFeePerGas !== expected) {
      fail("INVALID_BASEFEE_PER_GAS", `base fee ${header.baseFeePerGas}, expected ${expected}`);
    }
  }
  if (fork >= Fork.Paris) {
    if (header.difficulty !== 0n)
      fail("IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS", `difficulty ${header.difficulty} after the merge`);
    if (!header.nonce.every((b) => b === 0))
      fail("IMPORT_IMPOSSIBLE_NONCE_OVER_PARIS", "non-zero nonce after the merge");
    if (!equalBytes(header.uncleHash, EMPTY_UNCLE_HASH))
      fail("IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS", "uncles after the merge");
  }
  if (fork >= Fork.Cancun) {
    const excess = expectedExcessBlobGas(parent);
    if (header.excessBlobGas !== excess) {
      fail("INCORRECT_EXCESS_BLOB_GAS", `excess blob gas ${header.excessBlobGas}, expected ${excess}`);
    }
    const used = header.blobGasUsed ?? 0n;
    if (used > MAX_BLOB_GAS_PER_BLOCK)
      fail("BLOB_GAS_USED_ABOVE_LIMIT", `blob gas used ${used} above ${MAX_BLOB_GAS_PER_BLOCK}`);
    if (used % GAS_PER_BLOB !== 0n)
      fail("INCORRECT_BLOB_GAS_USED", `blob gas used ${used} is not a whole number of blobs`);
  }
}

/** The withdrawals root: ordered trie of rlp([index, validatorIndex, address, amount]). */
export function withdrawalsRoot(block: Block): Uint8Array {
  return orderedTrieRoot(
    (block.withdrawals ?? []).map((w) =>
      rlpEncode([
        bigIntToMinimalBytes(w.index),
        bigIntToMinimalBytes(w.validatorIndex),
        addressToBytes(w.address),
        bigIntToMinimalBytes(w.amount),
      ]),
    ),
  );
}

/** Checks the header's commitments to the body: transactions root, uncle hash and withdrawals root. */
export function validateBody(block: Block): void {
  const h = block.header;
  const txRoot = orderedTrieRoot(block.transactions.map((tx) => encodeTransaction(tx)));
  if (!equalBytes(txRoot, h.transactionsRoot)) {
    fail(
      "INVALID_TRANSACTIONS_ROOT",
      `transactions root ${bytesToHex(txRoot)}, header says ${bytesToHex(h.transactionsRoot)}`,
    );
  }
  if (block.uncles !== undefined) {
    const uncleHash = keccak256(rlpEncode(block.uncles.map(headerFields)));
    if (!equalBytes(uncleHash, h.uncleHash)) fail("INVALID_UNCLES_HASH", "uncle hash does not match the uncles");
  }
  if (h.withdrawalsRoot !== undefined) {
    const root = withdrawalsRoot(block);
    if (!equalBytes(root, h.withdrawalsRoot)) {
      fail(
        "INVALID_WITHDRAWALS_ROOT",
        `withdrawals root ${bytesToHex(root)}, header says ${bytesToHex(h.withdrawalsRoot)}`,
      );
    }
  }
}
