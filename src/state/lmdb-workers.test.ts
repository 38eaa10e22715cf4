import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import { LmdbDatabase } from "./lmdb.js";
import type { ReadWorkerData, ReadWorkerRequest } from "./lmdb-read-worker.js";
import { assertSameState, change, contract, eoa, type ReadSnapshot, readSnapshot, tempFolder } from "./lmdb-testkit.js";
import { MemoryDatabase } from "./memory.js";
import type { BlockCommit } from "./types.js";

const WORKER = new URL("./lmdb-read-worker.js", import.meta.url);
const ADDRESSES = [0x1n, 0x2n, 0x3n, 0x4n];
const SLOTS = [0n, 1n, 2n];
const CODE = Uint8Array.of(0x60, 0x00, 0x54, 0x00);

const BLOCKS: BlockCommit[] = [
  {
    number: 1n,
    hash: 0xa1n,
    changes: new Map([
      [0x1n, change(eoa(100n, 1n))],
      [
        0x2n,
        change(contract(CODE, 7n), [
          [0n, 5n],
          [2n, 1n << 255n],
        ]),
      ],
    ]),
  },
  {
    number: 2n,
    hash: 0xa2n,
    changes: new Map([
      [0x3n, change(contract(CODE), [[1n, 11n]])],
      [0x2n, change(contract(CODE, 8n), [[0n, 0n]])],
    ]),
  },
  {
    number: 3n,
    hash: 0xa3n,
    changes: new Map([
      [0x1n, change(undefined)],
      [0x3n, change(contract(CODE, 1n), [[1n, 12n]], true)],
      [0x4n, change(eoa(4n))],
    ]),
  },
];

/** Sends a request to a worker and waits for its answer. */
async function ask(worker: Worker, request: ReadWorkerRequest): Promise<ReadSnapshot> {
  worker.postMessage(request);
  const [answer] = await once(worker, "message");
  return answer as ReadSnapshot;
}

test("lmdb: two worker threads read the folder read-only while the main thread holds it open and commits", async () => {
  const folder = tempFolder();
  const db = LmdbDatabase.open(folder.path);
  const memory = new MemoryDatabase();
  const workers: Worker[] = [];
  try {
    for (const block of BLOCKS.slice(0, 2)) {
      db.commitBlock(block);
      memory.commitBlock(block);
    }
    const data: ReadWorkerData = { folder: folder.path, addresses: ADDRESSES, slots: SLOTS };
    for (let i = 0; i < 2; i++) workers.push(new Worker(WORKER, { workerData: data }));

    // Both read at the same time and see what was committed.
    const expected = readSnapshot(memory, ADDRESSES, SLOTS);
    assert.equal(expected.head, "2:162");
    for (const answer of await Promise.all(workers.map((w) => ask(w, "read")))) assert.deepEqual(answer, expected);

    // A commit made while they hold the folder open is what they read next.
    db.commitBlock(BLOCKS[2]);
    memory.commitBlock(BLOCKS[2]);
    const after = readSnapshot(memory, ADDRESSES, SLOTS);
    assert.notDeepEqual(after, expected);
    for (const answer of await Promise.all(workers.map((w) => ask(w, "read")))) assert.deepEqual(answer, after);

    // Their handles close without closing the main thread's.
    const exits = workers.map((w) => once(w, "exit"));
    for (const w of workers) w.postMessage("close" satisfies ReadWorkerRequest);
    for (const [code] of await Promise.all(exits)) assert.equal(code, 0);
    workers.length = 0;
    assertSameState(db, memory, { addresses: ADDRESSES, slots: SLOTS, blocks: [1n, 2n, 3n] });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await db.close();
    folder.remove();
  }
});
