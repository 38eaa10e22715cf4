/**
 * Worker-thread reader, started by lmdb-workers.test.ts: opens the database folder read-only and answers
 * "read" with a snapshot of the addresses and slots it was given; "close" closes its handle and ends it.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Address } from "../primitives/address.js";
import { LmdbDatabase } from "./lmdb.js";
import { readSnapshot } from "./lmdb-testkit.js";

export interface ReadWorkerData {
  folder: string;
  addresses: Address[];
  slots: bigint[];
}

export type ReadWorkerRequest = "read" | "close";

const port = parentPort;
if (port === null) throw new Error("lmdb-read-worker must run as a worker thread (new Worker(...))");
const { folder, addresses, slots } = workerData as ReadWorkerData;
const db = LmdbDatabase.open(folder, { readOnly: true });

port.on("message", (request: ReadWorkerRequest) => {
  if (request === "read") {
    // The main thread commits between requests; make sure this read sees the latest commit.
    db.refresh();
    port.postMessage(readSnapshot(db, addresses, slots));
    return;
  }
  void db.close().then(() => port.close());
});
