/**
 * What this machine allows: N copies of the sequential executor run at once on N threads (the calling thread and
 * N - 1 workers), each on its own copy of the block, sharing nothing and never waiting for each other. Their
 * combined throughput against one copy's is the best speedup any parallel executor could show here; on a small
 * shared machine it is well below N, because garbage collection and memory bandwidth are shared too. The bench
 * prints it beside the measured speedup so that the two can be read together.
 */
import { Worker } from "node:worker_threads";
import { type BlockSource, type LoadedBlock, timeSequential } from "./block-source.js";

export type CeilingRequest = { type: "load"; source: BlockSource } | { type: "run" };
export type CeilingReply = { type: "ready" } | { type: "ran"; ms: number } | { type: "error"; message: string };

export class CeilingProbeError extends Error {
  override name = "CeilingProbeError";
}

export class CeilingProbe {
  private readonly workers: Worker[] = [];

  constructor(readonly threads: number) {
    for (let i = 1; i < threads; i++) this.workers.push(new Worker(new URL("./ceiling-worker.js", import.meta.url)));
  }

  private ask(worker: Worker, request: CeilingRequest): Promise<CeilingReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new CeilingProbeError(`a ceiling-probe thread exited (code ${code})`));
      worker.once("exit", onExit);
      worker.once("message", (reply: CeilingReply) => {
        worker.off("exit", onExit);
        if (reply.type === "error") reject(new CeilingProbeError(`ceiling probe: ${reply.message}`));
        else resolve(reply);
      });
      worker.postMessage(request);
    });
  }

  /**
   * Fastest of `repeat` rounds (after an untimed one) of every thread executing the block at once, as a speedup
   * over `sequentialMs` (one copy alone): threads × sequentialMs / round time.
   */
  async measure(source: BlockSource, loaded: LoadedBlock, sequentialMs: number, repeat: number): Promise<number> {
    if (this.workers.length === 0) return 1;
    await Promise.all(this.workers.map((w) => this.ask(w, { type: "load", source })));
    let fastest = Number.POSITIVE_INFINITY;
    // Round 0 is untimed: the probe's threads meet this block's code paths there first.
    for (let i = 0; i <= repeat; i++) {
      const start = performance.now();
      const others = Promise.all(this.workers.map((w) => this.ask(w, { type: "run" })));
      timeSequential(loaded);
      await others;
      if (i > 0) fastest = Math.min(fastest, performance.now() - start);
    }
    return (this.threads * sequentialMs) / fastest;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
