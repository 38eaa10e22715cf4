import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { open as openLmdb } from "lmdb";
import { bytesToHex } from "../primitives/hex.js";
import { DatabaseError } from "./errors.js";
import { LmdbDatabase } from "./lmdb.js";
import { FORMAT_KEY } from "./lmdb-layout.js";
import { assertSameState, change, contract, eoa, tempFolder } from "./lmdb-testkit.js";
import { MemoryDatabase } from "./memory.js";
import { EMPTY_TRIE_ROOT } from "./trie.js";
import type { BlockCommit } from "./types.js";

const A = 0xaan;
const B = 0xbbn;
const C = 0xccn;
const MAX_ADDRESS = (1n << 160n) - 1n;
const CODE = Uint8Array.of(0x60, 0x01, 0x60, 0x00, 0x55, 0x00);
const OTHER_CODE = Uint8Array.of(0x5f, 0x5f, 0xf3);
const PROBE = { addresses: [A, B, C, MAX_ADDRESS, 0x1234n], slots: [0n, 1n, 2n, 3n, 9n], blocks: [0n, 1n, 2n, 3n, 4n] };

/** Blocks covering every kind of change: storage writes and deletes, storageCleared, deletion, re-creation. */
function blocks(): BlockCommit[] {
  return [
    {
      number: 1n,
      hash: 0x11n,
      changes: new Map([
        [A, change(eoa(10n), [[1n, 100n]])],
        [
          B,
          change(contract(CODE, 5n), [
            [1n, 1n],
            [2n, (1n << 256n) - 1n],
            [3n, 0n],
          ]),
        ],
        [MAX_ADDRESS, change(contract(CODE), [[0n, 7n]])],
      ]),
    },
    {
      number: 2n,
      hash: 0x22n,
      changes: new Map([
        [A, change(eoa(11n, 1n), [[1n, 0n]])],
        [B, change(contract(CODE, 6n), [[9n, 9n]], true)],
        [C, change(contract(OTHER_CODE), [[0n, 1n]])],
      ]),
    },
    {
      number: 3n,
      hash: 0x33n,
      changes: new Map([
        [B, change(undefined)],
        [C, change(contract(OTHER_CODE, 1n), [[0n, 0n]])],
        [MAX_ADDRESS, change(undefined, [[5n, 5n]])],
      ]),
    },
    { number: 4n, hash: 0x44n, changes: new Map([[B, change(eoa(1n))]]) },
  ];
}

test("lmdb: every commit leaves the same state, head and root as MemoryDatabase; reopening keeps it", async () => {
  const folder = tempFolder();
  try {
    const db = LmdbDatabase.open(folder.path);
    const memory = new MemoryDatabase();
    assert.equal(db.head(), undefined);
    assert.equal(bytesToHex(db.stateRoot()), bytesToHex(EMPTY_TRIE_ROOT));
    db.setBlockHash(0n, 0x1000n);
    memory.setBlockHash(0n, 0x1000n);
    for (const block of blocks()) {
      db.commitBlock(block);
      memory.commitBlock(block);
      assertSameState(db, memory, PROBE);
    }
    assert.deepEqual(db.head(), { number: 4n, hash: 0x44n });
    // Storage roots were cached by the commits' stateRoot calls; a commit must drop the touched ones only.
    assert.equal(db.hasStorage(B), false, "B was deleted and re-created without storage");
    assert.equal(db.storage(A, 1n), 0n);
    await db.close();

    const reopened = LmdbDatabase.open(folder.path);
    assertSameState(reopened, memory, PROBE);
    assert.equal(reopened.blockHash(0n), 0x1000n);
    await reopened.close();
  } finally {
    folder.remove();
  }
});

test("lmdb: code is stored once per hash and shared by accounts", async () => {
  const folder = tempFolder();
  try {
    const db = LmdbDatabase.open(folder.path);
    db.commitBlock({ number: 1n, hash: 1n, changes: new Map([[A, change(contract(CODE))]]) });
    db.commitBlock({ number: 2n, hash: 2n, changes: new Map([[B, change(contract(CODE, 1n))]]) });
    const a = db.account(A);
    const b = db.account(B);
    assert.deepEqual(a?.code, CODE);
    // Both come from the in-memory cache entry of that hash.
    assert.equal(a?.code, b?.code);
    // Deleting one account keeps the code for the other.
    db.commitBlock({ number: 3n, hash: 3n, changes: new Map([[A, change(undefined)]]) });
    await db.close();
    const reopened = LmdbDatabase.open(folder.path);
    assert.deepEqual(reopened.account(B)?.code, CODE);
    assert.equal(reopened.account(A), undefined);
    await reopened.close();
  } finally {
    folder.remove();
  }
});

test("lmdb: a failing commit changes nothing (the transaction is aborted)", async () => {
  const folder = tempFolder();
  try {
    const db = LmdbDatabase.open(folder.path);
    const memory = new MemoryDatabase();
    const first = blocks()[0];
    db.commitBlock(first);
    memory.commitBlock(first);
    const rootBefore = bytesToHex(db.stateRoot());
    const bad = {
      number: 2n,
      hash: 2n,
      changes: new Map([
        [A, change(eoa(99n), [[1n, 0n]], true)],
        [C, change(contract(CODE))],
      ]),
    };
    // A block number that cannot be a key makes the commit throw after the account writes.
    assert.throws(() => db.commitBlock({ ...bad, number: 1n << 64n }), RangeError);
    assertSameState(db, memory, PROBE);
    assert.equal(bytesToHex(db.stateRoot()), rootBefore);
    await db.close();
  } finally {
    folder.remove();
  }
});

test("lmdb: block hashes come from the store, then the fallback, else zero", async () => {
  const folder = tempFolder();
  try {
    const db = LmdbDatabase.open(folder.path, { blockHashFallback: (n) => n * 2n });
    db.setBlockHash(5n, 77n);
    assert.equal(db.blockHash(5n), 77n);
    assert.equal(db.blockHash(6n), 12n);
    assert.equal(db.blockHash(1n << 70n), 1n << 71n);
    db.blockHashFallback = undefined;
    assert.equal(db.blockHash(6n), 0n);
    await db.close();
    await db.close();
    assert.throws(() => db.setBlockHash(1n, 1n), /after close\(\)/);
  } finally {
    folder.remove();
  }
});

test("lmdb: a read-only handle reads the committed state and refuses writes", async () => {
  const folder = tempFolder();
  try {
    const db = LmdbDatabase.open(folder.path);
    const memory = new MemoryDatabase();
    for (const block of blocks().slice(0, 2)) {
      db.commitBlock(block);
      memory.commitBlock(block);
    }
    const reader = LmdbDatabase.open(folder.path, { readOnly: true });
    assertSameState(reader, memory, PROBE);
    assert.throws(() => reader.commitBlock(blocks()[2]), DatabaseError);
    assert.throws(() => reader.setBlockHash(9n, 9n), /readOnly/);
    // A later commit through the writer is seen after refresh, and the reader's root cache follows it.
    const third = blocks()[2];
    db.commitBlock(third);
    memory.commitBlock(third);
    reader.refresh();
    assertSameState(reader, memory, PROBE);
    await reader.close();
    // Closing one handle leaves the shared environment open for the other.
    assertSameState(db, memory, PROBE);
    await db.close();
  } finally {
    folder.remove();
  }
});

test("lmdb: a regular file as the path is a DatabaseError naming it", () => {
  const folder = tempFolder();
  try {
    const file = join(folder.path, "state.db");
    writeFileSync(file, "not a database");
    assert.throws(
      () => LmdbDatabase.open(file),
      (error: unknown) =>
        error instanceof DatabaseError && error.path === file && /is a file, not a folder/.test(error.message),
    );
  } finally {
    folder.remove();
  }
});

test("lmdb: folders that hold no parevm database are refused with a DatabaseError", async () => {
  const folder = tempFolder();
  try {
    const expectError = (path: string, options: { readOnly?: boolean }, pattern: RegExp) =>
      assert.throws(
        () => LmdbDatabase.open(path, options),
        (error: unknown) =>
          error instanceof DatabaseError && error.message.includes(path) && pattern.test(error.message),
      );
    // Nothing to open read-only.
    expectError(join(folder.path, "missing"), { readOnly: true }, /does not exist/);
    // A folder of other files.
    const busy = join(folder.path, "busy");
    mkdirSync(busy);
    writeFileSync(join(busy, "notes.txt"), "x");
    expectError(busy, {}, /holds other files/);
    // An LMDB database written by another program (lmdb-js defaults: msgpack values, ordered keys).
    const foreign = join(folder.path, "foreign");
    const other = openLmdb(foreign, {});
    other.putSync("hello", { world: 1 });
    await other.close();
    expectError(foreign, {}, /another program/);
    expectError(foreign, { readOnly: true }, /another program/);
    // A newer (or older) version of our own format.
    const future = join(folder.path, "future");
    const raw = openLmdb<Uint8Array, Uint8Array>(future, { keyEncoding: "binary", encoding: "binary" });
    raw.putSync(FORMAT_KEY, new TextEncoder().encode("parevm-state/99"));
    await raw.close();
    expectError(future, {}, /format parevm-state\/99/);
    // Garbage where LMDB's data file should be (lmdb-js itself would crash the process on these).
    const garbage = join(folder.path, "garbage");
    await LmdbDatabase.open(garbage).close();
    const good = readFileSync(join(garbage, "data.mdb"));
    writeFileSync(join(garbage, "data.mdb"), Buffer.alloc(65536, 0x5a));
    expectError(garbage, {}, /data.mdb is not an LMDB data file/);
    writeFileSync(join(garbage, "data.mdb"), "short");
    expectError(garbage, { readOnly: true }, /data.mdb is not an LMDB data file/);
    const badMagic = Buffer.from(good);
    badMagic[24] ^= 0xff;
    writeFileSync(join(garbage, "data.mdb"), badMagic);
    expectError(garbage, {}, /data.mdb is not an LMDB data file/);
    // An empty data file is one LMDB has yet to write; only a writer may open it (lmdb-js would crash a reader).
    writeFileSync(join(garbage, "data.mdb"), "");
    expectError(garbage, { readOnly: true }, /holds an empty database/);
    // The check accepts what LMDB wrote.
    writeFileSync(join(garbage, "data.mdb"), good);
    await LmdbDatabase.open(garbage, { readOnly: true }).close();
  } finally {
    folder.remove();
  }
});
