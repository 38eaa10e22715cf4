/** Canonical form of a BlockResult, so that sequential and parallel results compare field by field. */
import type { BlockResult } from "../src/block/execute.js";
import { bytesToHex } from "../src/primitives/hex.js";

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
