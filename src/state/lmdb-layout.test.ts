import assert from "node:assert/strict";
import { test } from "node:test";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import {
  accountKey,
  addressOfAccountKey,
  blockHashKey,
  decodeAccountValue,
  decodeHead,
  encodeAccountValue,
  encodeHead,
  encodeSlotValue,
  prefixEnd,
  slotOfStorageKey,
  storageKey,
  storagePrefix,
} from "./lmdb-layout.js";

const MAX_ADDRESS = (1n << 160n) - 1n;
const MAX_WORD = (1n << 256n) - 1n;

/** LMDB's default key order: bytewise, a prefix before its extensions (as Buffer.compare). */
function before(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) < 0;
}

test("lmdb layout: keys are fixed-size, big-endian and sort numerically within a table", () => {
  assert.equal(accountKey(1n).length, 21);
  assert.equal(storageKey(1n, 1n).length, 53);
  assert.equal(blockHashKey(1n).length, 9);
  assert.deepEqual(accountKey(0x0102n).subarray(19), Uint8Array.of(0x01, 0x02));
  assert.equal(addressOfAccountKey(accountKey(MAX_ADDRESS)), MAX_ADDRESS);
  assert.ok(before(accountKey(0xffn), accountKey(0x100n)));
  assert.ok(before(blockHashKey(255n), blockHashKey(256n)));
  assert.ok(before(storageKey(1n, MAX_WORD), storageKey(2n, 0n)));
  assert.deepEqual(slotOfStorageKey(storageKey(7n, 0xabcdn)).subarray(30), Uint8Array.of(0xab, 0xcd));
  assert.throws(() => blockHashKey(1n << 64n), RangeError);
});

test("lmdb layout: an address's storage range holds its slots and nobody else's", () => {
  for (const address of [0n, 0x1234n, MAX_ADDRESS]) {
    const start = storagePrefix(address);
    const end = prefixEnd(start);
    for (const slot of [0n, 1n, MAX_WORD]) {
      const key = storageKey(address, slot);
      assert.ok(!before(key, start) && before(key, end), `slot ${slot} of ${address} is inside`);
    }
    if (address > 0n) assert.ok(before(storageKey(address - 1n, MAX_WORD), start));
    if (address < MAX_ADDRESS) assert.ok(!before(storageKey(address + 1n, 0n), end));
  }
  // The last address's range ends where the next table starts.
  assert.deepEqual(prefixEnd(storagePrefix(MAX_ADDRESS)), Uint8Array.of(0x04));
});

test("lmdb layout: account, slot and head values round-trip; malformed records are rejected", () => {
  const code = Uint8Array.of(0x00);
  for (const account of [
    { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH },
    { nonce: 1n, balance: MAX_WORD, codeHash: keccak256(code) },
  ]) {
    assert.deepEqual(decodeAccountValue(encodeAccountValue(account)), account);
  }
  // No code: the empty code hash is not stored.
  assert.equal(encodeAccountValue({ nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH }).length, 4);
  assert.equal(decodeAccountValue(Uint8Array.of(0xff)), undefined);
  assert.equal(decodeAccountValue(Uint8Array.of(0xc2, 0x80, 0x80)), undefined);
  assert.deepEqual(encodeSlotValue(0x0100n), Uint8Array.of(0x01, 0x00));
  const head = { number: 17n, hash: MAX_WORD, serial: 3n };
  assert.deepEqual(decodeHead(encodeHead(head)), head);
  assert.equal(decodeHead(new Uint8Array(47)), undefined);
});
