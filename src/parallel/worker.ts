/** Worker-thread entry: runs its share of each block it is sent, reading the base state without copying it. */
import { parentPort } from "node:worker_threads";
import type { StateReader } from "../state/types.js";
import type { BlockMessage, WorkerReply } from "./pool.js";
import { SnapshotReader } from "./snapshot.js";
import { BlockWorker } from "./worker-loop.js";

const port = parentPort;
if (port === null) throw new Error("parallel/worker.js must run as a worker thread");

/** The last snapshot's reader, kept while blocks run over the same snapshot (its caches stay warm). */
let snapshot: { id: number; reader: SnapshotReader } | undefined;

/** LMDB handles are kept across blocks: opening an environment costs far more than a block's reads. */
const lmdbHandles = new Map<string, StateReader & { refresh(): void }>();

async function baseFor(message: BlockMessage): Promise<StateReader> {
  const base = message.base;
  if (base.kind === "snapshot") {
    if (snapshot === undefined || snapshot.id !== base.id)
      snapshot = { id: base.id, reader: new SnapshotReader(base.buffers) };
    snapshot.reader.blockHashes = message.blockHashes;
    return snapshot.reader;
  }
  let db = lmdbHandles.get(base.path);
  if (db === undefined) {
    const { LmdbDatabase } = await import("../state/lmdb.js");
    db = LmdbDatabase.open(base.path, { readOnly: true });
    lmdbHandles.set(base.path, db);
  }
  db.refresh();
  return db;
}

/** Waits a little when no task is free, instead of spinning on a shared core. */
const idleCell = new Int32Array(new SharedArrayBuffer(4));
function idle(): void {
  Atomics.wait(idleCell, 0, 0, 0.05);
}

port.on("message", async (message: BlockMessage) => {
  let reply: WorkerReply;
  try {
    const worker = new BlockWorker(message.block, await baseFor(message), undefined, message.thread ?? 1);
    worker.exitAfterTasks = message.exitAfterTasks ?? 0;
    worker.exitMidPublish = message.exitMidPublish === true;
    if (worker.wrapUp !== undefined) worker.wrapUp.exitOnFirstChunk = message.exitInWrapUp === true;
    worker.run(idle);
    if (!worker.scheduler.aborted) worker.wrapUp?.work();
    reply = { type: "done", counters: worker.counters };
  } catch (e) {
    reply = { type: "error", message: String((e as Error)?.stack ?? e) };
  }
  port.postMessage(reply);
});
