/**
 * Chrome trace-event JSON (opens in Perfetto and chrome://tracing) from parallel runs: one process per block,
 * one track per thread (0 = the calling thread), one slice per incarnation or validation, named after the
 * transaction and coloured by what happened to it.
 */
import type { BlockTrace } from "../block/execute.js";
import { TRACE_FIELDS, TraceResult } from "./worker-loop.js";

export interface TracedBlock {
  name: string;
  trace: BlockTrace;
}

interface TraceEvent {
  name: string;
  cat?: string;
  ph: "X" | "M";
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, string | number>;
  cname?: string;
}

const RESULTS = ["done", "suspended", "crashed", "aborted"];
const COLOURS = ["good", "yellow", "terrible", "bad"];

export function chromeTrace(blocks: TracedBlock[]): { traceEvents: TraceEvent[]; displayTimeUnit: "ms" } {
  const events: TraceEvent[] = [];
  blocks.forEach((block, pid) => {
    events.push({ name: "process_name", ph: "M", pid, tid: 0, args: { name: block.name } });
    let origin = Number.POSITIVE_INFINITY;
    for (const records of block.trace.threads) {
      for (let i = 0; i < records.length; i += TRACE_FIELDS) origin = Math.min(origin, records[i + 3]);
    }
    block.trace.threads.forEach((records, tid) => {
      events.push({
        name: "thread_name",
        ph: "M",
        pid,
        tid,
        args: { name: tid === 0 ? "main thread" : `worker ${tid}` },
      });
      for (let i = 0; i < records.length; i += TRACE_FIELDS) {
        const [kind, tx, incarnation, start, end, result] = records.slice(i, i + TRACE_FIELDS);
        const execute = kind === 1;
        events.push({
          name: execute ? `tx ${tx} #${incarnation}` : `validate tx ${tx}`,
          cat: execute ? "execute" : "validate",
          ph: "X",
          ts: (start - origin) * 1000,
          dur: Math.max(0, (end - start) * 1000),
          pid,
          tid,
          args: { tx, incarnation, result: RESULTS[result] ?? String(result) },
          cname: result === TraceResult.Done ? (execute ? COLOURS[0] : "grey") : COLOURS[result],
        });
      }
    });
  });
  return { traceEvents: events, displayTimeUnit: "ms" };
}
