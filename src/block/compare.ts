/**
 * Comparing block results: a canonical form (everything a block commits to, in a fixed order) so that a
 * sequential and a parallel result compare field by field, and the re-execution rate of a run.
 */
import { bytesToHex } from "../primitives/hex.js";
import type { BlockResult, BlockStats } from "./execute.js";

/** Receipts, gas, bloom, roots, state changes (sorted) and warnings; not stats, timings or traces. */
export function canonicalResult(r: BlockResult): unknown {
  return {
    gasUsed: r.gasUsed,
    blobGasUsed: r.blobGasUsed,
    logsBloom: bytesToHex(r.logsBloom),
    receiptsRoot: r.receiptsRoot === undefined ? undefined : bytesToHex(r.receiptsRoot),
    receipts: r.receipts.map((x) => ({
      type: x.type,
      status: x.status,
      cumulativeGasUsed: x.cumulativeGasUsed,
      gasUsed: x.gasUsed,
      logs: x.logs.map((l) => [l.address, l.topics, bytesToHex(l.data)]),
      bloom: bytesToHex(x.bloom),
    })),
    stateChanges: [...r.stateChanges]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([address, c]) => ({
        address,
        account:
          c.account === undefined
            ? "deleted"
            : [c.account.nonce, c.account.balance, bytesToHex(c.account.codeHash), bytesToHex(c.account.code)],
        storageCleared: c.storageCleared,
        storage: [...c.storage].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      })),
    warnings: r.warnings,
  };
}

/** Executions beyond one per transaction, per transaction. */
export function reexecutionsPerTx(stats: BlockStats): number {
  return stats.transactions === 0 ? 0 : (stats.executions - stats.transactions) / stats.transactions;
}
