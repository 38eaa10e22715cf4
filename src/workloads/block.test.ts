import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blockEnvFromHeader } from "../block/env.js";
import { encodeHeader, headerHash } from "../block/header.js";
import { verifyBlockResult } from "../block/verify.js";
import { equalBytes } from "../primitives/hex.js";
import { orderedTrieRoot } from "../state/trie.js";
import { sealWorkloadBlock, workloadBlock } from "./block.js";
import { executeWorkload } from "./block-testkit.js";
import { erc20OneSender } from "./erc20-one-sender.js";

describe("workloadBlock", () => {
  const w = erc20OneSender({ txCount: 5 });

  it("has a header whose environment is the workload's", () => {
    const block = workloadBlock(w);
    assert.deepEqual(blockEnvFromHeader(block.header, w.fork, w.env.chainId), w.env);
    assert.ok(equalBytes(block.hash, headerHash(block.header)));
    assert.ok(equalBytes(block.header.transactionsRoot, orderedTrieRoot(w.raw)));
    assert.equal(block.header.parentBeaconBlockRoot?.length, 32);
    assert.equal(block.transactions, w.txs);
    assert.ok(encodeHeader(block.header).length > 500, "all Cancun fields are encoded");
  });

  it("executes, and seals into a header that verifies against the result", () => {
    const { result } = executeWorkload(w);
    assert.equal(result.receipts.length, 5);
    assert.ok(verifyBlockResult(workloadBlock(w).header, result).mismatches.length > 0);
    const sealed = sealWorkloadBlock(w, result);
    assert.deepEqual(verifyBlockResult(sealed.header, result).mismatches, []);
    assert.ok(equalBytes(sealed.hash, headerHash(sealed.header)));
  });
});
