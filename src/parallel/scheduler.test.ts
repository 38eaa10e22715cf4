import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Scheduler, TaskKind } from "./scheduler.js";

const SAMPLE = 32;

/**
 * Runs the scheduler alone over `txCount` transactions (validations pass), noting `conflictsAt(k)` conflicts
 * with the k-th finished execution, and returns after how many executions the chain detector first fired
 * (or undefined).
 */
function detectorFiresAt(txCount: number, conflictsAt: (k: number) => number): number | undefined {
  const s = new Scheduler(Scheduler.buffer(txCount), txCount);
  let finished = 0;
  let task = s.nextTask();
  while (!s.done) {
    if (task === undefined) {
      task = s.nextTask();
      continue;
    }
    if (task.kind === TaskKind.Execute) {
      for (let c = conflictsAt(finished); c > 0; c--) s.noteConflict();
      finished++;
      task = s.finishExecution(task.tx, task.incarnation, false);
      if (s.looksSequential(SAMPLE)) return finished;
    } else task = s.finishValidation(task.tx, false);
  }
  return undefined;
}

describe("chain detector", () => {
  it("fires after two windows when every execution conflicts", () => {
    assert.equal(
      detectorFiresAt(1000, () => 1),
      2 * SAMPLE,
    );
  });

  it("fires after the first window when it conflicts twice per execution", () => {
    assert.equal(
      detectorFiresAt(1000, () => 2),
      SAMPLE,
    );
  });

  it("forgives a burst of conflicts in the first window that then stops", () => {
    assert.equal(
      detectorFiresAt(1000, (k) => (k < 24 ? 1 : 0)),
      undefined,
    );
  });

  it("fires when conflicts start after a calm first window", () => {
    assert.equal(
      detectorFiresAt(1000, (k) => (k >= SAMPLE ? 1 : 0)),
      2 * SAMPLE,
    );
  });

  it("stays quiet below half and after the block's first quarter", () => {
    assert.equal(
      detectorFiresAt(1000, (k) => (k % 3 === 0 ? 1 : 0)),
      undefined,
    );
    // Conflicts from the 300th execution on: the first quarter (250) is over by then.
    assert.equal(
      detectorFiresAt(1000, (k) => (k >= 300 ? 1 : 0)),
      undefined,
    );
  });
});
