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
  /** The worker's claim slot (1 + its index; the main thread is 0). */
  thread?: number;
  /** Test hook for the first worker: exit when about to run this many tasks. */
  exitAfterTasks?: number;
  /** With exitAfterTasks: exit in the middle of publishing the next execution's writes instead. */
  exitMidPublish?: boolean;
  /** Test hook for the first worker: exit right after claiming its first chunk of receipt hashing. */
  exitInWrapUp?: boolean;
}

export type WorkerReply = { type: "done"; counters: WorkerCounters } | { type: "error"; message: string };

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private closed = false;
  /** Workers replaced after dying, since the pool started. */
  replaced = 0;

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

  /**
   * Posts the block to every worker; resolves with their counters once each has left the run loop. A worker
   * that dies is replaced by a fresh one (for later blocks) and reported through `onDeath`, so the caller can
   * take over the dead worker's task (or stop the run); its promise then resolves with no counts.
   */
  runBlock(message: BlockMessage, onDeath: (index: number) => void = () => {}): Promise<WorkerCounters[]> {
    if (this.closed) return Promise.reject(new Error("the worker pool is closed"));
    return Promise.all(
      this.workers.map(
        (worker, index) =>
          new Promise<WorkerCounters>((resolve, reject) => {
            const onMessage = (reply: WorkerReply) => {
              worker.off("message", onMessage);
              worker.off("exit", onExit);
              if (reply.type === "done") resolve(reply.counters);
              else reject(new Error(`parallel worker failed: ${reply.message}`));
            };
            const onExit = () => {
              worker.off("message", onMessage);
              if (!this.closed) {
                this.workers[index] = this.spawn();
                this.replaced++;
              }
              onDeath(index);
              resolve({ executions: 0, validations: 0, aborts: 0, suspensions: 0 });
            };
            worker.on("message", onMessage);
            worker.on("exit", onExit);
            worker.postMessage(
              index === 0
                ? { ...message, thread: 1 }
                : {
                    ...message,
                    thread: index + 1,
                    exitAfterTasks: undefined,
                    exitInWrapUp: undefined,
                    exitMidPublish: undefined,
                  },
            );
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
