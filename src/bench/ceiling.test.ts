import assert from "node:assert/strict";
import { test } from "node:test";
import { loadBlockSource, timeSequential } from "./block-source.js";
import { CeilingProbe, CeilingProbeError } from "./ceiling.js";
import { UnknownWorkloadError } from "./run.js";

test("the ceiling probe runs the same block on every thread at once and reports a speedup", async () => {
  const source = { kind: "workload", name: "erc20-transfers", txCount: 64 } as const;
  const loaded = loadBlockSource(source);
  timeSequential(loaded);
  const alone = timeSequential(loaded);
  const probe = new CeilingProbe(2);
  try {
    const ceiling = await probe.measure(source, loaded, alone, 2);
    // How large it is depends on the machine's load at that moment (a tiny block timed once alone can come out
    // 8× slower under CI), so only its form is checked: a speedup over the time given, scaled by it.
    assert.ok(Number.isFinite(ceiling) && ceiling > 0, `ceiling ${ceiling}`);
    assert.equal(await probe.measure(source, loaded, 0, 1), 0);
    await assert.rejects(
      probe.measure({ kind: "workload", name: "no-such-workload" }, loaded, alone, 1),
      (e: unknown) => e instanceof CeilingProbeError && /unknown workload "no-such-workload"/.test(e.message),
    );
  } finally {
    await probe.close();
  }
});

test("one thread has nothing to compare: the ceiling is 1", async () => {
  const probe = new CeilingProbe(1);
  const source = { kind: "workload", name: "raw-transfers", txCount: 4 } as const;
  assert.equal(await probe.measure(source, loadBlockSource(source), 1, 1), 1);
  await probe.close();
  assert.throws(() => loadBlockSource({ kind: "workload", name: "nope" }), UnknownWorkloadError);
});
