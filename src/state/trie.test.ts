import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { missingFixturesMessage, requireFixtures } from "../fixtures/paths.js";
import { parsePreState, readJsonFile } from "../fixtures/prestate.js";
import { bytesToHex, hexToBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { type RlpDecoded, rlpDecode, rlpEncode } from "../primitives/rlp.js";
import { EMPTY_TRIE_ROOT, orderedTrieRoot, secureTrieRoot, stateRoot, storageRoot, trieRoot } from "./trie.js";

const EMPTY_HEX = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
const text = (s: string) => new TextEncoder().encode(s);
const fixtures = requireFixtures();
const skipFixtures = fixtures === undefined ? missingFixturesMessage() : false;

function fixture(rel: string): Record<string, Record<string, unknown>> {
  return readJsonFile(path.join(fixtures ?? "", rel)) as Record<string, Record<string, unknown>>;
}

test("empty tries have the empty root", () => {
  assert.equal(bytesToHex(EMPTY_TRIE_ROOT), EMPTY_HEX);
  assert.equal(bytesToHex(keccak256(Uint8Array.of(0x80))), EMPTY_HEX);
  assert.equal(bytesToHex(trieRoot([])), EMPTY_HEX);
  assert.equal(bytesToHex(secureTrieRoot([])), EMPTY_HEX);
  assert.equal(bytesToHex(orderedTrieRoot([])), EMPTY_HEX);
  assert.equal(bytesToHex(storageRoot(new Map([[1n, 0n]]))), EMPTY_HEX);
  assert.equal(bytesToHex(stateRoot([])), EMPTY_HEX);
});

test("the classic doe/dog/dogglesworth vector", () => {
  const entries: Array<[Uint8Array, Uint8Array]> = [
    [text("doe"), text("reindeer")],
    [text("dog"), text("puppy")],
    [text("dogglesworth"), text("cat")],
  ];
  const expected = "0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3";
  assert.equal(bytesToHex(trieRoot(entries)), expected);
  assert.equal(bytesToHex(trieRoot(entries.slice().reverse())), expected, "order of input does not matter");
});

test("a repeated key keeps its last value and an empty value removes it", () => {
  const base: Array<[Uint8Array, Uint8Array]> = [
    [text("do"), text("verb")],
    [text("horse"), text("stallion")],
  ];
  const withDupes: Array<[Uint8Array, Uint8Array]> = [
    [text("horse"), text("pony")],
    ...base,
    [text("dog"), text("puppy")],
    [text("dog"), new Uint8Array(0)],
  ];
  assert.deepEqual(trieRoot(withDupes), trieRoot(base));
});

test("a single small leaf is still hashed at the root", () => {
  const leaf = rlpEncode([Uint8Array.of(0x20, 0x01), Uint8Array.of(0x02)]);
  assert.ok(leaf.length < 32);
  assert.deepEqual(trieRoot([[Uint8Array.of(0x01), Uint8Array.of(0x02)]]), keccak256(leaf));
});

/** Deterministic pseudo-random numbers so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ReferenceTrie {
  put(key: Uint8Array, value: Uint8Array): Promise<void>;
  root(): Uint8Array;
}

/** @ethereumjs/mpt (installed with @ethereumjs/vm) as an independent reference, when it is present. */
async function referenceTrie(): Promise<(() => Promise<ReferenceTrie>) | undefined> {
  const name = "@ethereumjs/mpt";
  try {
    const mod = (await import(name)) as { createMPT: () => Promise<ReferenceTrie> };
    return mod.createMPT;
  } catch {
    return undefined;
  }
}

const createReference = await referenceTrie();

test("random tries agree with @ethereumjs/mpt", {
  skip: createReference === undefined ? "@ethereumjs/mpt not installed" : false,
}, async () => {
  const next = random(7);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
  for (let round = 0; round < 40; round++) {
    const count = 1 + Math.floor(next() * 120);
    const entries: Array<[Uint8Array, Uint8Array]> = [];
    for (let i = 0; i < count; i++) {
      // Short keys over a tiny alphabet force shared prefixes, keys that are prefixes of others, and repeats.
      const key = round % 2 ? bytes(1 + Math.floor(next() * 4)).map((b) => b & 0x11) : bytes(32);
      entries.push([key, bytes(1 + Math.floor(next() * 40))]);
    }
    const reference = await (createReference as () => Promise<ReferenceTrie>)();
    for (const [k, v] of entries) await reference.put(k, v);
    assert.equal(bytesToHex(trieRoot(entries)), bytesToHex(reference.root()), `round ${round}`);
  }
});

test("ordered trie over 300 values agrees with @ethereumjs/mpt", {
  skip: createReference === undefined ? "@ethereumjs/mpt not installed" : false,
}, async () => {
  const values = Array.from({ length: 300 }, (_, i) => text(`value ${i}`.repeat(1 + (i % 5))));
  const reference = await (createReference as () => Promise<ReferenceTrie>)();
  for (let i = 0; i < values.length; i++) await reference.put(rlpEncode(bigIntBytes(i)), values[i]);
  assert.equal(bytesToHex(orderedTrieRoot(values)), bytesToHex(reference.root()));
});

function bigIntBytes(i: number): Uint8Array {
  return i === 0 ? new Uint8Array(0) : hexToBytes(i.toString(16));
}

test("state root of a state test's pre equals the hash of a rejected transaction (coinbase in pre)", {
  skip: skipFixtures,
}, () => {
  const file = fixture("ethereum-tests/GeneralStateTests/stExample/invalidTr.json");
  const t = file.invalidTr as {
    env: { currentCoinbase: string };
    pre: Record<string, unknown>;
    post: { Cancun: Array<{ hash: string; expectException?: string }> };
  };
  const entry = t.post.Cancun.find((e) => e.expectException !== undefined);
  assert.ok(entry, "the fixture has a rejected transaction");
  assert.ok(t.env.currentCoinbase.toLowerCase() in t.pre, "the coinbase is in pre");
  assert.equal(bytesToHex(parsePreState(t.pre).stateRoot()), entry.hash);
  assert.equal(bytesToHex(stateRoot(parsePreState(t.pre).entries())), entry.hash);
});

test("state root of a pre with storage (Cancun rejected transaction)", { skip: skipFixtures }, () => {
  const file = fixture("ethereum-tests/GeneralStateTests/stSpecialTest/eoaEmptyParis.json");
  const t = file.eoaEmptyParis as {
    pre: Record<string, unknown>;
    post: { Cancun: Array<{ hash: string; expectException?: string }> };
  };
  const entry = t.post.Cancun.find((e) => e.expectException !== undefined);
  assert.ok(entry);
  assert.equal(bytesToHex(parsePreState(t.pre).stateRoot()), entry.hash);
});

test("state root of a blockchain test's postState equals the last header's stateRoot", { skip: skipFixtures }, () => {
  const file = fixture("ethereum-tests/BlockchainTests/ValidBlocks/bcEIP1559/lowDemand.json");
  const t = file.lowDemand_Cancun as {
    postState: Record<string, unknown>;
    blocks: Array<{ blockHeader: { stateRoot: string } }>;
  };
  const db = parsePreState(t.postState, "postState");
  assert.equal(bytesToHex(db.stateRoot()), t.blocks[t.blocks.length - 1].blockHeader.stateRoot);
});

test("transactions root of a 61-transaction block", { skip: skipFixtures }, () => {
  const file = fixture("ethereum-tests/BlockchainTests/ValidBlocks/bcEIP1559/intrinsic.json");
  const t = file.intrinsic_Cancun as { blocks: Array<{ rlp: string; blockHeader: { transactionsTrie: string } }> };
  const block = rlpDecode(hexToBytes(t.blocks[0].rlp)) as RlpDecoded[];
  // Legacy transactions are RLP lists; typed ones are byte strings holding type || payload.
  const txs = (block[1] as RlpDecoded[]).map((tx) => (tx instanceof Uint8Array ? tx : rlpEncode(tx)));
  assert.equal(txs.length, 61);
  assert.equal(bytesToHex(orderedTrieRoot(txs)), t.blocks[0].blockHeader.transactionsTrie);
});
