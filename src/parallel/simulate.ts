/**
 * The scaling model: replays a block's recorded per-transaction costs and dependencies through the real
 * Scheduler with simulated threads and a simulated clock (a discrete-event simulation in one thread).
 *
 * What is modelled: each execution takes the transaction's recorded execution time and each validation its
 * recorded validation time; an execution reads its dependencies (the earlier transactions whose writes its
 * final incarnation read) when it starts: an ESTIMATE (a dependency aborted and not yet re-executed) suspends
 * it, a dependency not yet executed gives a stale read that validation later rejects. What is not: the cost of
 * scheduling itself, contention between threads, and assembling the block, so the model is an upper bound
 * for this engine's scheduling on the block, not a prediction of wall time.
 */
import type { BlockProfile } from "../block/execute.js";
import { Scheduler, type Task, TaskKind, TxStatus } from "./scheduler.js";

export interface SimulationResult {
  threads: number;
  /** Simulated wall time, ms. */
  ms: number;
  /** Sum of every transaction's execution time once: the sequential cost in the same units. */
  sequentialMs: number;
  speedup: number;
  executions: number;
  validations: number;
  aborts: number;
  suspensions: number;
}

interface SimWorker {
  at: number;
  task: Task | undefined;
  /** For an execution in progress: the incarnation of each dependency it read (-1 = stale: none yet). */
  read?: number[];
}

export function simulate(profile: BlockProfile, threads: number): SimulationResult {
  const n = profile.executionMs.length;
  const s = new Scheduler(Scheduler.buffer(n), n);
  // The incarnation of each transaction's last finished execution (-1 before the first).
  const finished = new Int32Array(n).fill(-1);
  const executedWith: number[][] = new Array(n);
  const workers: SimWorker[] = Array.from({ length: threads }, () => ({ at: 0, task: undefined }));
  const counts = { executions: 0, validations: 0, aborts: 0, suspensions: 0 };
  const step = 1e-6;
  let end = 0;
  for (let guard = 0; !s.done && guard < 50_000_000; guard++) {
    let w = workers[0];
    for (const x of workers) if (x.at < w.at) w = x;
    const now = w.at;
    const task = w.task;
    if (task === undefined) {
      // As the real loop does, a missed claim is retried at once while anything is left to claim.
      w.task = s.nextTask();
      while (w.task === undefined && s.hasUnclaimedWork) w.task = s.nextTask();
      if (w.task === undefined) {
        // Nothing to claim now: wait until another worker's next event.
        let next = Number.POSITIVE_INFINITY;
        for (const x of workers) if (x !== w && x.task !== undefined && x.at >= now && x.at < next) next = x.at;
        w.at = next === Number.POSITIVE_INFINITY ? now + step : Math.max(next, now + step);
      } else if (w.task.kind === TaskKind.Execute) {
        startExecution(w, now);
      } else {
        w.at = now + profile.validationMs[w.task.tx];
      }
      continue;
    }
    // The worker's task ends now.
    if (task.kind === TaskKind.Execute) {
      counts.executions++;
      finished[task.tx] = task.incarnation;
      executedWith[task.tx] = w.read ?? [];
      w.task = s.finishExecution(task.tx, task.incarnation, task.incarnation === 0);
      if (w.task !== undefined) w.at = now + profile.validationMs[w.task.tx];
    } else {
      counts.validations++;
      const deps = profile.dependencies[task.tx];
      const read = executedWith[task.tx] ?? [];
      let valid = true;
      for (let i = 0; i < deps.length; i++) {
        const j = deps[i];
        if (s.status(j) !== TxStatus.Executed || read[i] !== finished[j]) valid = false;
      }
      const aborted = !valid && s.tryValidationAbort(task.tx, task.incarnation);
      if (aborted) counts.aborts++;
      w.task = s.finishValidation(task.tx, aborted);
      if (w.task !== undefined) startExecution(w, now);
    }
    end = Math.max(end, now);
  }

  /** Starts an execution: suspends it on an ESTIMATE, else runs it for its recorded time. */
  function startExecution(w: SimWorker, now: number): void {
    const task = w.task as Task;
    const k = task.tx;
    const blockers = [profile.previousFromSender[k], ...profile.dependencies[k]];
    for (const j of blockers) {
      if (j < 0) continue;
      const status = s.status(j);
      // A dependency aborted and waiting to re-run has ESTIMATEs in place: wait for it.
      const estimate = status === TxStatus.Aborting || (status !== TxStatus.Executed && s.incarnation(j) > 0);
      const unexecutedPredecessor = j === profile.previousFromSender[k] && status !== TxStatus.Executed;
      if ((estimate || unexecutedPredecessor) && s.addDependency(k, j)) {
        counts.suspensions++;
        w.task = undefined;
        w.at = now + step;
        return;
      }
    }
    w.read = profile.dependencies[k].map((j) => (s.status(j) === TxStatus.Executed ? finished[j] : -1));
    w.at = now + profile.executionMs[k];
  }

  let sequentialMs = 0;
  for (const ms of profile.executionMs) sequentialMs += ms;
  return { threads, ms: end, sequentialMs, speedup: end > 0 ? sequentialMs / end : 1, ...counts };
}
