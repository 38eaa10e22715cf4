import assert from "node:assert/strict";
import { test } from "node:test";
import type { BlockProfile } from "../block/execute.js";
import { simulate } from "./simulate.js";

function profile(n: number, dependsOn: (k: number) => number[], cost = 1): BlockProfile {
  return {
    executionMs: new Array(n).fill(cost),
    validationMs: new Array(n).fill(0),
    dependencies: Array.from({ length: n }, (_, k) => dependsOn(k)),
    previousFromSender: new Array(n).fill(-1),
  };
}

test("independent transactions of equal cost scale with the simulated threads", () => {
  const p = profile(64, () => []);
  for (const threads of [1, 2, 4, 8]) {
    const r = simulate(p, threads);
    assert.equal(r.sequentialMs, 64);
    assert.ok(Math.abs(r.speedup - threads) < 0.01, `${threads} threads: ${r.speedup}`);
    assert.equal(r.executions, 64);
    assert.equal(r.aborts, 0);
  }
});

test("a chain of dependencies does not scale, and pays for its conflicts", () => {
  const p = profile(40, (k) => (k === 0 ? [] : [k - 1]));
  for (const threads of [2, 4, 8]) {
    const r = simulate(p, threads);
    assert.ok(r.speedup <= 1.05, `${threads} threads: ${r.speedup}`);
    assert.ok(r.aborts + r.suspensions > 0);
  }
});

test("two independent chains reach two threads' speedup and no more", () => {
  const p = profile(40, (k) => (k < 2 ? [] : [k - 2]));
  assert.ok(simulate(p, 2).speedup > 1.5);
  assert.ok(simulate(p, 8).speedup <= 2.05);
});

test("the model is deterministic", () => {
  const p = profile(50, (k) => (k % 3 === 0 && k > 0 ? [k - 1] : []), 0.5);
  assert.deepEqual(simulate(p, 4), simulate(p, 4));
});

test("a sender's next transaction waits for its previous one", () => {
  const p = profile(10, () => []);
  p.previousFromSender = Array.from({ length: 10 }, (_, k) => k - 1);
  const r = simulate(p, 4);
  assert.ok(r.speedup <= 1.05, `${r.speedup}`);
});
