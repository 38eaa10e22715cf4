import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex } from "../primitives/hex.js";
import { leafNode, nodeReference, orderedTrieRoot } from "../state/trie.js";
import { encodeReceipt, logsBloom, type Receipt, receiptsRoot } from "./receipt.js";
import { indexKey, orderedLeafDepths, receiptsRootFromLeaves } from "./receipts-trie.js";

function receipt(i: number): Receipt {
  const logs =
    i % 3 === 0 ? [] : [{ address: BigInt(i) * 7919n, topics: [BigInt(i), 5n], data: Uint8Array.of(i & 0xff, 1, 2) }];
  return {
    type: i % 4,
    status: i % 5 === 0 ? 0 : 1,
    root: undefined,
    cumulativeGasUsed: 21_000n * BigInt(i + 1),
    gasUsed: 21_000n,
    logs,
    bloom: logsBloom(logs),
  };
}

test("leaf-by-leaf receipts root equals the root of the encoded receipts, at every trie shape", () => {
  for (const n of [0, 1, 2, 3, 16, 127, 128, 129, 255, 256, 257, 700]) {
    const receipts = Array.from({ length: n }, (_, i) => receipt(i));
    const expected = orderedTrieRoot(receipts.map(encodeReceipt));
    assert.equal(bytesToHex(receiptsRoot(receipts) as Uint8Array), bytesToHex(expected), `n = ${n}`);
  }
});

test("pre-Byzantium receipts carry the state root; without it there is no receipts root", () => {
  const withRoot = [0, 1, 2].map((i) => ({ ...receipt(i), status: undefined, root: new Uint8Array(32).fill(i + 1) }));
  assert.equal(
    bytesToHex(receiptsRoot(withRoot) as Uint8Array),
    bytesToHex(orderedTrieRoot(withRoot.map(encodeReceipt))),
  );
  assert.equal(receiptsRoot([{ ...receipt(0), status: undefined }]), undefined);
});

test("leaf depths let leaves be computed apart from the trie and joined by index", () => {
  for (const n of [1, 2, 130, 300]) {
    const values = Array.from({ length: n }, (_, i) => Uint8Array.of(0xc0 + (i % 50), i & 0xff, 7));
    const depths = orderedLeafDepths(n);
    // Precompute every leaf in index order, as worker threads do, then join.
    const refs = values.map((v, i) => nodeReference(leafNode(indexKey(i), depths[i], v)));
    const joined = receiptsRootFromLeaves(n, (i, depth) => {
      assert.equal(depth, depths[i]);
      return refs[i];
    });
    assert.equal(bytesToHex(joined), bytesToHex(orderedTrieRoot(values)), `n = ${n}`);
  }
});
