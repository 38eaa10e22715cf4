import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import { MemoryDatabase } from "./memory.js";
import { EMPTY_TRIE_ROOT, stateRoot } from "./trie.js";
import type { Account, AccountChange, StateChanges } from "./types.js";

const A = 0xaan;
const B = 0xbbn;

function eoa(balance: bigint, nonce = 0n): Account {
  return { nonce, balance, code: new Uint8Array(0), codeHash: EMPTY_CODE_HASH };
}

function change(account: Account | undefined, storage: Array<[bigint, bigint]> = [], storageCleared = false) {
  return { account, storage: new Map(storage), storageCleared } satisfies AccountChange;
}

function sample(): MemoryDatabase {
  const db = new MemoryDatabase();
  db.setAccount(A, eoa(10n));
  db.setStorage(A, 1n, 100n);
  db.setStorage(A, 2n, 200n);
  db.setAccount(B, eoa(20n, 1n));
  return db;
}

test("reads: missing account is undefined, missing slot is zero", () => {
  const db = sample();
  assert.equal(db.account(0x1234n), undefined);
  assert.equal(db.storage(A, 9n), 0n);
  assert.equal(db.storage(0x1234n, 1n), 0n);
  assert.equal(db.account(A)?.balance, 10n);
  assert.equal(db.storage(A, 2n), 200n);
  assert.equal(db.hasStorage(A), true);
  assert.equal(db.hasStorage(B), false);
  db.setStorage(B, 1n, 0n);
  assert.equal(db.hasStorage(B), false);
  db.setStorage(A, 1n, 0n);
  db.setStorage(A, 2n, 0n);
  assert.equal(db.hasStorage(A), false);
});

test("setAccount stores a copy", () => {
  const db = new MemoryDatabase();
  const a = eoa(1n);
  db.setAccount(A, a);
  a.balance = 99n;
  assert.equal(db.account(A)?.balance, 1n);
});

test("applyChanges: changed slots are set, 0n deletes, the account is replaced", () => {
  const db = sample();
  const changes: StateChanges = new Map([
    [
      A,
      change(eoa(11n, 1n), [
        [1n, 0n],
        [3n, 300n],
      ]),
    ],
  ]);
  db.applyChanges(changes);
  assert.equal(db.account(A)?.balance, 11n);
  assert.equal(db.account(A)?.nonce, 1n);
  assert.equal(db.storage(A, 1n), 0n);
  assert.equal(db.storage(A, 2n), 200n);
  assert.equal(db.storage(A, 3n), 300n);
  assert.deepEqual([...db.storageOf(A).keys()].sort(), [2n, 3n]);
});

test("applyChanges: storageCleared drops old storage before the new slots are written", () => {
  const db = sample();
  db.applyChanges(new Map([[A, change(eoa(5n), [[2n, 7n]], true)]]));
  assert.equal(db.storage(A, 1n), 0n);
  assert.equal(db.storage(A, 2n), 7n);
  assert.equal(db.storageOf(A).size, 1);
});

test("applyChanges: an undefined account deletes it and all its storage", () => {
  const db = sample();
  db.applyChanges(new Map([[A, change(undefined, [[5n, 5n]])]]));
  assert.equal(db.account(A), undefined);
  assert.equal(db.storage(A, 1n), 0n);
  assert.equal(db.storage(A, 5n), 0n);
  assert.equal(db.accountCount, 1);
  // A re-created account starts with empty storage.
  db.applyChanges(new Map([[A, change(eoa(1n))]]));
  assert.equal(db.storageOf(A).size, 0);
});

test("clone is independent in both directions", () => {
  const db = sample();
  const rootBefore = bytesToHex(db.stateRoot());
  const copy = db.clone();
  copy.setStorage(A, 1n, 999n);
  copy.setAccount(B, eoa(0n));
  copy.deleteAccount(A);
  assert.equal(db.storage(A, 1n), 100n);
  assert.equal(db.account(B)?.balance, 20n);
  assert.equal(bytesToHex(db.stateRoot()), rootBefore);

  const copy2 = db.clone();
  db.setStorage(A, 2n, 0n);
  assert.equal(copy2.storage(A, 2n), 200n);
  assert.equal(bytesToHex(copy2.stateRoot()), rootBefore);
  assert.notEqual(bytesToHex(db.stateRoot()), rootBefore);
});

test("stateRoot matches the trie over entries and follows storage changes (no stale cache)", () => {
  const db = sample();
  const fresh = () => bytesToHex(stateRoot(db.entries()));
  assert.equal(bytesToHex(db.stateRoot()), fresh());
  db.setStorage(A, 1n, 101n);
  assert.equal(bytesToHex(db.stateRoot()), fresh());
  db.applyChanges(new Map([[A, change(eoa(10n), [], true)]]));
  assert.deepEqual(db.storageRoot(A), EMPTY_TRIE_ROOT);
  assert.equal(bytesToHex(db.stateRoot()), fresh());
  assert.equal(bytesToHex(new MemoryDatabase().stateRoot()), bytesToHex(EMPTY_TRIE_ROOT));
});

test("block hashes: the map first, then the fallback, else zero", () => {
  const db = new MemoryDatabase();
  assert.equal(db.blockHash(5n), 0n);
  db.blockHashFallback = (n) => n * 2n;
  db.setBlockHash(5n, 77n);
  assert.equal(db.blockHash(5n), 77n);
  assert.equal(db.blockHash(6n), 12n);
  const stateTestHash = (n: bigint) => BigInt(bytesToHex(keccak256(new TextEncoder().encode(n.toString()))));
  const db2 = new MemoryDatabase({ blockHashFallback: stateTestHash });
  assert.equal(db2.clone().blockHash(1n), stateTestHash(1n));
});

test("iteration yields every account with its storage", () => {
  const db = sample();
  const seen = new Map([...db].map(([address, account, storage]) => [address, [account.balance, storage.size]]));
  assert.deepEqual(
    seen,
    new Map([
      [A, [10n, 2]],
      [B, [20n, 0]],
    ]),
  );
  assert.deepEqual([...db.addresses()].sort(), [A, B]);
});
