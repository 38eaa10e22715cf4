/**
 * A persistent pool of worker threads, started once and reused across blocks. Each worker keeps its own EVM
 * state (code caches, an LMDB read handle) between blocks. The main thread works too, so a pool for N threads
 * holds N - 1 workers.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SharedTableBuffers } from "./shared-table.js";
import type { SharedBlock, WorkerCounters } from "./worker-loop.js";

/** Where a worker reads the base state from. */
export type BaseDescriptor =
  | { kind: "snapshot"; id: number; buffers: SharedTableBuffers }
  | { kind: "lmdb"; path: string };

export interface BlockMessage {
  type: "block";
  block: SharedBlock;
  base: BaseDescriptor;
  blockHashes: Map<bigint, bigint>;
}

export type WorkerReply = { type: "done"; counters: WorkerCounters } | { type: "error"; message: string };

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private closed = false;

  /** A pool for `threads` threads in all (default: every core); the calling thread is one of them. */
  constructor(readonly threads: number = availableParallelism()) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    for (let i = 1; i < threads; i++) this.workers.push(this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("./worker.js", import.meta.url));
    worker.unref();
    return worker;
  }

  /** Posts the block to every worker; resolves with their counters once each has left the run loop. */
  runBlock(message: BlockMessage): Promise<WorkerCounters[]> {
    if (this.closed) return Promise.reject(new Error("the worker pool is closed"));
    return Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<WorkerCounters>((resolve, reject) => {
            const onMessage = (reply: WorkerReply) => {
              worker.off("message", onMessage);
              worker.off("exit", onExit);
              if (reply.type === "done") resolve(reply.counters);
              else reject(new Error(`parallel worker failed: ${reply.message}`));
            };
            const onExit = (code: number) => {
              worker.off("message", onMessage);
              reject(new Error(`parallel worker exited with code ${code}`));
            };
            worker.on("message", onMessage);
            worker.on("exit", onExit);
            worker.postMessage(message);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
