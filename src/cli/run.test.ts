import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { missingFixturesMessage, requireFixtures } from "../fixtures/paths.js";

const CLI = fileURLToPath(new URL("./main.js", import.meta.url));

function parevm(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
}

test("parevm run on a real block prints its line, the closing line and the --json object", (t) => {
  const root = requireFixtures();
  if (root === undefined) return t.skip(missingFixturesMessage());
  const r = parevm("run", join(root, "mainnet", "19923400"), "--json");
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines[lines.length - 2], "1 passed, 0 failed");
  const json = JSON.parse(lines[lines.length - 1]);
  assert.equal(json.passed, 1);
  assert.equal(json.failed, 0);
  assert.deepEqual(Object.keys(json.blocks[0]), ["number", "fork", "txs", "gasUsed", "ms", "ok", "mismatch"]);
  assert.equal(json.blocks[0].number, 19923400);
  assert.equal(json.blocks[0].fork, "Cancun");
  assert.equal(json.blocks[0].txs, 24);
  assert.equal(json.blocks[0].ok, true);
});

test("parevm run names the file and field of a malformed fixture, without a stack trace, and goes on", (t) => {
  const root = requireFixtures();
  if (root === undefined) return t.skip(missingFixturesMessage());
  const dir = mkdtempSync(join(tmpdir(), "parevm-run-"));
  try {
    const good = join(dir, "19923400");
    cpSync(join(root, "mainnet", "19923400"), good, { recursive: true });
    const bad = join(dir, "19923401");
    mkdirSync(bad);
    const block = JSON.parse(readFileSync(join(good, "block.json"), "utf8"));
    block.transactions[3].nonce = "0xzz";
    writeFileSync(join(bad, "block.json"), JSON.stringify(block));
    writeFileSync(join(bad, "pre_state.json"), "{}");
    const r = parevm("run", dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /block 19923400 Cancun .* match/);
    assert.match(
      r.stdout,
      /block 19923401 ERROR: .*19923401\/block\.json.*transactions\[3\].*"nonce": not a hex quantity/,
    );
    assert.match(r.stdout, /1 passed, 1 failed/);
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /);

    writeFileSync(join(bad, "block.json"), JSON.stringify({ ...block, transactions: block.transactions.slice(0, 1) }));
    writeFileSync(join(bad, "pre_state.json"), '{"0x01": {"balance": "12"}}');
    const r2 = parevm("run", bad);
    assert.equal(r2.status, 1);
    assert.match(r2.stdout, /ERROR: .*block\.json.*"hash"|ERROR: .*pre_state\.json/);
    assert.doesNotMatch(r2.stdout + r2.stderr, /\n\s+at /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("parevm run --threads 2 executes in parallel too and reports it in the line and the JSON", (t) => {
  const root = requireFixtures();
  if (root === undefined) return t.skip(missingFixturesMessage());
  const r = parevm("run", join(root, "mainnet", "19933597"), "--threads", "2", "--json");
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines[lines.length - 2], "1 passed, 0 failed");
  const block = JSON.parse(lines[lines.length - 1]).blocks[0];
  assert.equal(block.ok, true);
  // Whether the run stays parallel can depend on timing (the chain detector); either way it is reported.
  assert.ok(block.mode === "parallel" || block.mode.startsWith("sequential (fallback: "), block.mode);
  assert.ok(block.parallelMs > 0 && block.speedup > 0 && block.reexecutionsPerTx >= 0);
  if (block.mode === "parallel") assert.ok(block.parallelism >= 1);
  const text = parevm("run", join(root, "mainnet", "19933597"), "--threads", "2");
  assert.match(
    text.stdout,
    /\| parallel [0-9.]+ms [0-9.]+x re-exec\/tx [0-9.]+( parallelism [0-9.]+)?( \[.*\])? match/,
  );
});

test("parevm run on a missing folder says so", () => {
  const r = parevm("run", "/nonexistent/parevm-fixtures");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\/nonexistent\/parevm-fixtures: no such file or folder/);
});
