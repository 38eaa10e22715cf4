/**
 * A generated workload as a Block for executeBlock and the parallel executor. The header carries exactly the
 * workload's environment (blockEnvFromHeader gives workload.env back) and the Cancun fields: no blobs, a zero
 * parent beacon block root, no withdrawals, no uncles, the transactions root of the signed encodings. What a
 * header commits to after execution (state root, receipts root, bloom, gas used) is unknown when the block
 * is generated: those start empty, and sealWorkloadBlock fills the last three in from an execution result so
 * the header verifies (verifyBlockResult) against any executor that agrees with it.
 */
import { blobBaseFee } from "../block/env.js";
import type { BlockResult } from "../block/execute.js";
import { type BlockHeader, EMPTY_UNCLE_HASH, headerHash } from "../block/header.js";
import type { Block } from "../block/types.js";
import { bigIntToBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { EMPTY_TRIE_ROOT, orderedTrieRoot } from "../state/trie.js";
import type { Workload } from "./types.js";

export class WorkloadBlockError extends Error {
  override name = "WorkloadBlockError";
}

const encoder = new TextEncoder();

/** The header of a workload's block, before execution (gasUsed 0, empty bloom and receipts root). */
export function workloadHeader(workload: Workload): BlockHeader {
  const { env } = workload;
  // The header can only say "blob base fee 1" (excess blob gas 0); generated environments all use that.
  if (blobBaseFee(0n) !== env.blobBaseFee) {
    throw new WorkloadBlockError(`workload ${workload.name}: blob base fee ${env.blobBaseFee} needs excess blob gas`);
  }
  return {
    // A fixed stand-in parent: generated blocks have no chain behind them.
    parentHash: keccak256(encoder.encode(`parevm/parent/${env.number - 1n}`)),
    uncleHash: EMPTY_UNCLE_HASH,
    coinbase: env.coinbase,
    stateRoot: new Uint8Array(32),
    transactionsRoot: orderedTrieRoot(workload.raw),
    receiptsRoot: EMPTY_TRIE_ROOT.slice(),
    logsBloom: new Uint8Array(256),
    difficulty: env.difficulty,
    number: env.number,
    gasLimit: env.gasLimit,
    gasUsed: 0n,
    timestamp: env.timestamp,
    extraData: encoder.encode(`parevm ${workload.name}`.slice(0, 32)),
    mixHash: bigIntToBytes(env.prevRandao, 32),
    nonce: new Uint8Array(8),
    baseFeePerGas: env.baseFee,
    withdrawalsRoot: EMPTY_TRIE_ROOT.slice(),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: new Uint8Array(32),
  };
}

function blockOf(header: BlockHeader, workload: Workload): Block {
  return {
    header,
    hash: headerHash(header),
    transactions: workload.txs,
    uncles: [],
    uncleHashes: [],
    withdrawals: [],
  };
}

/** The workload's transactions as a block (see workloadHeader). */
export function workloadBlock(workload: Workload): Block {
  return blockOf(workloadHeader(workload), workload);
}

/**
 * The same block with gasUsed, logsBloom and receiptsRoot taken from an execution result (the state root stays
 * unset: a MemoryDatabase can compute it, but the benchmark blocks do not need it).
 */
export function sealWorkloadBlock(
  workload: Workload,
  result: Pick<BlockResult, "gasUsed" | "logsBloom" | "receiptsRoot">,
): Block {
  if (result.receiptsRoot === undefined) {
    throw new WorkloadBlockError(`workload ${workload.name}: the result has no receipts root`);
  }
  const header: BlockHeader = {
    ...workloadHeader(workload),
    gasUsed: result.gasUsed,
    logsBloom: result.logsBloom,
    receiptsRoot: result.receiptsRoot,
  };
  return blockOf(header, workload);
}
