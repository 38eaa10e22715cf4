import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { missingFixturesMessage, requireFixtures } from "../fixtures/paths.js";
import { type Fork, forkFromName } from "../forks.js";
import { addressToHex } from "../primitives/address.js";
import { bytesToHex } from "../primitives/hex.js";
import { TxDecodeError } from "./errors.js";
import { transactionFromRpcJson } from "./json.js";

const fixtures = requireFixtures();

interface RpcBlock {
  transactions: Record<string, unknown>[];
}
function loadBlock(n: number): RpcBlock {
  return JSON.parse(readFileSync(path.join(fixtures ?? "", "mainnet", String(n), "block.json"), "utf8")) as RpcBlock;
}
function forkOf(n: number): Fork {
  const index = JSON.parse(readFileSync(path.join(fixtures ?? "", "mainnet", "index.json"), "utf8")) as {
    number: number;
    fork: string;
  }[];
  const f = forkFromName(index.find((b) => b.number === n)?.fork ?? "");
  assert.ok(f !== undefined, `fork of block ${n}`);
  return f;
}

function fails(obj: unknown, field: string): void {
  assert.throws(
    () => transactionFromRpcJson(obj, "block 1 tx 2"),
    (e: unknown) => {
      assert.ok(e instanceof TxDecodeError, String(e));
      assert.equal(e.field, field, e.message);
      assert.ok(e.message.startsWith("block 1 tx 2: "), e.message);
      return true;
    },
  );
}

describe("transactionFromRpcJson: mainnet blocks", { skip: fixtures === undefined && missingFixturesMessage() }, () => {
  const blocks: [number, string, number[]][] = [
    [2179522, "Homestead, pre-EIP-155 legacy", [0]],
    [13217637, "London, legacy (both), type 1 and 2", [0, 1, 2]],
    [19932703, "Cancun, with a blob transaction", [0, 2, 3]],
  ];
  for (const [n, era, types] of blocks) {
    it(`block ${n} (${era}): every hash and sender matches`, () => {
      const block = loadBlock(n);
      const fork = forkOf(n);
      const seen = new Set<number>();
      block.transactions.forEach((obj, i) => {
        const tx = transactionFromRpcJson(obj, `block ${n} tx ${i}`, fork);
        assert.equal(bytesToHex(tx.hash), obj.hash);
        assert.equal(addressToHex(tx.sender), obj.from);
        seen.add(tx.type);
      });
      assert.deepEqual([...seen].sort(), types);
    });
  }

  it("reports tampered fields, naming where and which", () => {
    const block = loadBlock(19932703);
    const blob = block.transactions.find((t) => t.type === "0x3");
    assert.ok(blob);
    transactionFromRpcJson(blob, "ok");
    fails({ ...blob, from: "0x0000000000000000000000000000000000000001" }, "from");
    fails({ ...blob, value: "0x1" }, "hash"); // another payload: it no longer hashes to `hash`
    fails({ ...blob, hash: `0x${"00".repeat(32)}` }, "hash");
    fails({ ...blob, yParity: "0x1" }, "yParity");
    fails({ ...blob, to: null }, "to");
    fails({ ...blob, nonce: undefined }, "nonce");
    fails({ ...blob, nonce: "12" }, "nonce");
    fails({ ...blob, blobVersionedHashes: ["0x01"] }, "blobVersionedHashes");
    fails({ ...blob, s: `0x${"ff".repeat(32)}` }, "signature");
    fails({ ...blob, type: "0x5" }, "type");
    fails("not an object", "transaction");
    const legacy = block.transactions.find((t) => t.type === "0x0");
    assert.ok(legacy);
    fails({ ...legacy, chainId: "0x5" }, "chainId");
    fails({ ...legacy, v: "0x1d" }, "v");
  });
});
