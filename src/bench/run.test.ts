import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBenchArgs } from "../cli/bench.js";
import { workloadNames } from "../workloads/index.js";
import type { Engine, EngineRunResult } from "./engine.js";
import {
  BenchMismatchError,
  checkAgreement,
  formatReport,
  reportToJson,
  runBench,
  UnknownWorkloadError,
} from "./run.js";

function fakeEngine(name: string, gasPerTx: bigint): Engine {
  return {
    name,
    async prepare(w) {
      return {
        async run(): Promise<EngineRunResult> {
          return {
            gasUsed: gasPerTx * BigInt(w.txs.length),
            txs: w.txs.map(() => ({ valid: true, status: 1, gasUsed: gasPerTx })),
          };
        },
      };
    },
  };
}

describe("bench harness", () => {
  it("reports figures per engine and the ratio in table and JSON form", async () => {
    const report = await runBench({
      workloads: ["raw-transfers"],
      txCount: 4,
      warmupTxs: 2,
      engines: [fakeEngine("parevm", 21_000n), fakeEngine("ethereumjs", 21_000n)],
    });
    assert.equal(report.workloads.length, 1);
    const w = report.workloads[0];
    assert.equal(w.txs, 4);
    assert.equal(w.gasUsed, 84_000n);
    assert.ok(w.ratio !== undefined && w.ratio > 0);
    const json = reportToJson(report);
    const row = json.workloads[0];
    assert.equal(row.name, "raw-transfers");
    assert.equal(row.gasUsed, 84_000);
    assert.ok(typeof row.parevm === "object" && row.parevm !== null && "mgasPerS" in row.parevm);
    assert.ok(typeof row.ethereumjs === "object" && row.ethereumjs !== null && "ms" in row.ethereumjs);
    assert.equal(typeof row.ratio, "number");
    const table = formatReport(report);
    assert.match(table, /raw-transfers\s+4\s+84,000/);
    assert.match(table, /parevm Mgas\/s/);
  });

  it("throws a clear error when the engines disagree on gas", async () => {
    await assert.rejects(
      runBench({
        workloads: ["raw-transfers"],
        txCount: 3,
        warmupTxs: 0,
        engines: [fakeEngine("parevm", 21_000n), fakeEngine("ethereumjs", 21_001n)],
      }),
      (e: unknown) =>
        e instanceof BenchMismatchError && /gas used 63000, ethereumjs 63003.*first difference at tx 0/.test(e.message),
    );
  });

  it("names the first differing transaction even when totals agree", () => {
    const a: EngineRunResult = {
      gasUsed: 2n,
      txs: [
        { valid: true, status: 1, gasUsed: 1n },
        { valid: true, status: 1, gasUsed: 1n },
      ],
    };
    const b: EngineRunResult = {
      gasUsed: 2n,
      txs: [
        { valid: true, status: 1, gasUsed: 1n },
        { valid: true, status: 0, gasUsed: 1n },
      ],
    };
    assert.throws(() => checkAgreement("w", ["x", a], ["y", b]), /first difference at tx 1/);
    checkAgreement("w", ["x", a], ["y", a]);
  });

  it("runs every registered workload by name", async () => {
    const names = workloadNames();
    assert.ok(names.includes("uniswap-many-pools") && names.includes("mixed"));
    const report = await runBench({
      workloads: names,
      txCount: 2,
      warmupTxs: 0,
      repeat: 1,
      engines: [fakeEngine("parevm", 50_000n), fakeEngine("ethereumjs", 50_000n)],
    });
    assert.deepEqual(
      report.workloads.map((w) => [w.name, w.txs]),
      names.map((n) => [n, 2]),
    );
  });

  it("rejects unknown workloads", async () => {
    await assert.rejects(runBench({ workloads: ["nope"], engines: [] }), UnknownWorkloadError);
  });

  it("parses the command line", () => {
    assert.deepEqual(parseBenchArgs(["--json", "--workload", "a,b", "--workload=c", "--txs", "10", "--repeat=2"]), {
      json: true,
      workloads: ["a", "b", "c"],
      txCount: 10,
      repeat: 2,
      warmupTxs: undefined,
      help: false,
      threads: undefined,
      mainnet: false,
      simulate: [],
      ceiling: true,
      poolWarmup: undefined,
    });
    const parallel = parseBenchArgs(["--threads", "3", "--mainnet", "--simulate", "2,4,8", "--no-ceiling"]);
    assert.equal(parallel.ceiling, false);
    assert.equal(parseBenchArgs(["--threads", "2", "--pool-warmup", "0"]).poolWarmup, 0);
    assert.equal(parseBenchArgs(["--threads", "2", "--pool-warmup=3"]).poolWarmup, 3);
    assert.throws(() => parseBenchArgs(["--pool-warmup", "-1"]), /--pool-warmup/);
    assert.equal(parallel.threads, 3);
    assert.equal(parallel.mainnet, true);
    assert.deepEqual(parallel.simulate, [2, 4, 8]);
    assert.ok((parseBenchArgs(["--threads", "auto"]).threads ?? 0) >= 1);
    assert.throws(() => parseBenchArgs(["--simulate", "2,x"]), /positive integer/);
    assert.throws(() => parseBenchArgs(["--txs", "0"]), /positive integer/);
    assert.throws(() => parseBenchArgs(["--bogus"]), /unknown argument/);
  });
});
