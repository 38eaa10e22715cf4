/** A ceiling-probe thread: builds the same block as the main thread, then times one sequential run per request. */
import { parentPort } from "node:worker_threads";
import { type LoadedBlock, loadBlockSource, timeSequential } from "./block-source.js";
import type { CeilingReply, CeilingRequest } from "./ceiling.js";

const port = parentPort;
if (port === null) throw new Error("ceiling-worker.js runs only as a worker thread");
let loaded: LoadedBlock | undefined;

port.on("message", (m: CeilingRequest) => {
  let reply: CeilingReply;
  try {
    if (m.type === "load") {
      loaded = loadBlockSource(m.source);
      // Warm, as the main thread's block is warm by the time it is measured.
      timeSequential(loaded);
      timeSequential(loaded);
      reply = { type: "ready" };
    } else {
      if (loaded === undefined) throw new Error("run before load");
      reply = { type: "ran", ms: timeSequential(loaded) };
    }
  } catch (e) {
    reply = { type: "error", message: (e as Error)?.message ?? String(e) };
  }
  port.postMessage(reply);
});
