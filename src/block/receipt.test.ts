import assert from "node:assert/strict";
import { test } from "node:test";
import { Bloom, encodeReceipt as ejsEncodeReceipt } from "@ethereumjs/vm";
import type { Log } from "../evm/log.js";
import { addressToBytes } from "../primitives/address.js";
import { bigIntToBytes, bytesToHex } from "../primitives/hex.js";
import { rlpEncode } from "../primitives/rlp.js";
import { EMPTY_TRIE_ROOT } from "../state/trie.js";
import { encodeLogs, encodeReceipt, logsBloom, orBloom, type Receipt, receiptsRoot } from "./receipt.js";

const LOGS: Log[] = [
  { address: 0xdac17f958d2ee523a2206206994597c13d831ec7n, topics: [0xddf252adn, 7n], data: Uint8Array.of(1, 2) },
  { address: 0x1n, topics: [], data: new Uint8Array(0) },
];

function receipt(overrides: Partial<Receipt>): Receipt {
  return {
    type: 0,
    status: 1,
    root: undefined,
    cumulativeGasUsed: 21000n,
    gasUsed: 21000n,
    logs: [],
    bloom: new Uint8Array(256),
    ...overrides,
  };
}

test("the logs bloom sets the bits @ethereumjs/vm's Bloom sets for the same addresses and topics", () => {
  const ours = logsBloom(LOGS);
  const theirs = new Bloom();
  for (const log of LOGS) {
    theirs.add(addressToBytes(log.address));
    for (const t of log.topics) theirs.add(bigIntToBytes(t, 32));
  }
  assert.equal(bytesToHex(ours), bytesToHex(theirs.bitvector));
  assert.ok(ours.some((b) => b !== 0));
  assert.ok(logsBloom([]).every((b) => b === 0));
});

test("orBloom unions two blooms", () => {
  const a = logsBloom([LOGS[0]]);
  const b = logsBloom([LOGS[1]]);
  orBloom(a, b);
  assert.equal(bytesToHex(a), bytesToHex(logsBloom(LOGS)));
});

test("receipts encode as @ethereumjs/vm encodes them: status, root, typed prefix", () => {
  const cases: Receipt[] = [
    receipt({ logs: LOGS, bloom: logsBloom(LOGS), cumulativeGasUsed: 123456n }),
    receipt({ type: 2, status: 0 }),
    receipt({ type: 3, status: 1, cumulativeGasUsed: 1n }),
    receipt({ status: undefined, root: new Uint8Array(32).fill(7) }),
  ];
  for (const r of cases) {
    const theirs = ejsEncodeReceipt(
      {
        ...(r.status === undefined ? { stateRoot: r.root as Uint8Array } : { status: r.status }),
        cumulativeBlockGasUsed: r.cumulativeGasUsed,
        bitvector: r.bloom,
        logs: r.logs.map((l) => [addressToBytes(l.address), l.topics.map((t) => bigIntToBytes(t, 32)), l.data]),
      } as Parameters<typeof ejsEncodeReceipt>[0],
      r.type as Parameters<typeof ejsEncodeReceipt>[1],
    );
    assert.equal(bytesToHex(encodeReceipt(r)), bytesToHex(theirs));
  }
});

test("receipts root: empty list is the empty trie; an unknown pre-Byzantium root makes it undefined", () => {
  assert.equal(bytesToHex(receiptsRoot([]) as Uint8Array), bytesToHex(EMPTY_TRIE_ROOT));
  assert.equal(receiptsRoot([receipt({}), receipt({ status: undefined, root: undefined })]), undefined);
  assert.ok(receiptsRoot([receipt({ status: undefined, root: new Uint8Array(32) })]) !== undefined);
});

test("encodeLogs writes what the general RLP encoder writes, for every item shape", () => {
  const max = (1n << 256n) - 1n;
  const logs: Log[] = [
    { address: (1n << 160n) - 1n, topics: [max, 0n, 1n << 200n, 0x7fn], data: Uint8Array.of(0x7f) },
    { address: 0n, topics: [], data: Uint8Array.of(0x80) },
    { address: 0x1234n, topics: [1n << 64n], data: new Uint8Array(0) },
    { address: 0xdeadbeefn << 120n, topics: [max >> 1n], data: new Uint8Array(300).map((_, i) => i & 0xff) },
  ];
  const general = (ls: Log[]) =>
    rlpEncode(ls.map((l) => [addressToBytes(l.address), l.topics.map((t) => bigIntToBytes(t, 32)), l.data]));
  for (let n = 0; n <= logs.length; n++) {
    assert.equal(bytesToHex(encodeLogs(logs.slice(0, n))), bytesToHex(general(logs.slice(0, n))), `${n} logs`);
  }
  // A list long enough for a multi-byte list header.
  const many = Array.from({ length: 40 }, (_, i) => ({ ...logs[i % logs.length], address: BigInt(i) }));
  assert.equal(bytesToHex(encodeLogs(many)), bytesToHex(general(many)));
});
