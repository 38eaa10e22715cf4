/** Compares what execution produced with what the block's header commits to. */
import { Fork } from "../forks.js";
import { bytesToHex, equalBytes } from "../primitives/hex.js";
import type { BlockResult } from "./execute.js";
import type { BlockHeader } from "./header.js";

export interface HeaderMismatch {
  /** The ethereum/tests class of the failure, e.g. "BlockException.INVALID_GAS_USED". */
  reason: string;
  field: "gasUsed" | "logsBloom" | "receiptsRoot" | "blobGasUsed";
  message: string;
}

/**
 * Checks gasUsed, logsBloom, receiptsRoot and blobGasUsed. The receipts root is skipped when it is unknown
 * (pre-Byzantium receipts over a partial pre-state); `receiptsRootChecked` in the answer says whether it ran.
 */
export function verifyBlockResult(
  header: BlockHeader,
  result: BlockResult,
): { mismatches: HeaderMismatch[]; receiptsRootChecked: boolean } {
  const mismatches: HeaderMismatch[] = [];
  if (result.gasUsed !== header.gasUsed) {
    mismatches.push({
      reason: "BlockException.INVALID_GAS_USED",
      field: "gasUsed",
      message: `gasUsed ${result.gasUsed}, header says ${header.gasUsed}`,
    });
  }
  if (!equalBytes(result.logsBloom, header.logsBloom)) {
    mismatches.push({ reason: "BlockException.INVALID_LOG_BLOOM", field: "logsBloom", message: "logsBloom differs" });
  }
  const receiptsRootChecked = result.receiptsRoot !== undefined;
  if (result.receiptsRoot !== undefined && !equalBytes(result.receiptsRoot, header.receiptsRoot)) {
    mismatches.push({
      reason: "BlockException.INVALID_RECEIPTS_ROOT",
      field: "receiptsRoot",
      message: `receiptsRoot ${bytesToHex(result.receiptsRoot)}, header says ${bytesToHex(header.receiptsRoot)}`,
    });
  }
  if (result.fork >= Fork.Cancun && header.blobGasUsed !== result.blobGasUsed) {
    mismatches.push({
      reason: "BlockException.INCORRECT_BLOB_GAS_USED",
      field: "blobGasUsed",
      message: `blobGasUsed ${result.blobGasUsed}, header says ${header.blobGasUsed}`,
    });
  }
  return { mismatches, receiptsRootChecked };
}
