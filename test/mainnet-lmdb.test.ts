/** `parevm run --db`: blocks execute reading from LMDB and commit to it; the committed state equals the in-memory one. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadMainnetFixture, replayBlock } from "../src/fixtures/mainnet.js";
import { missingFixturesMessage, requireFixtures } from "../src/fixtures/paths.js";
import { bytesToBigInt, bytesToHex } from "../src/primitives/hex.js";
import { LmdbDatabase } from "../src/state/lmdb.js";

const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const BLOCKS = ["2675000", "13217637", "19932703"];

test("parevm run --db commits each matching block to LMDB with the same state as in memory", async (t) => {
  const root = requireFixtures();
  if (root === undefined) return t.skip(missingFixturesMessage());
  const dbRoot = mkdtempSync(join(tmpdir(), "parevm-rundb-"));
  try {
    const dirs = BLOCKS.map((n) => join(root, "mainnet", n));
    const r = spawnSync(process.execPath, [CLI, "run", ...dirs, "--db", dbRoot], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /3 passed, 0 failed/);
    for (const dir of dirs) {
      const { block, pre } = loadMainnetFixture(dir);
      const { result } = replayBlock(block, pre.clone());
      assert.ok(result !== undefined);
      pre.commitBlock({ number: block.header.number, hash: bytesToBigInt(block.hash), changes: result.stateChanges });
      const db = LmdbDatabase.open(join(dbRoot, String(block.header.number)), { readOnly: true });
      try {
        assert.deepEqual(db.head(), { number: block.header.number, hash: bytesToBigInt(block.hash) });
        assert.equal(
          bytesToHex(db.stateRoot()),
          bytesToHex(pre.stateRoot()),
          `state after block ${block.header.number}`,
        );
        assert.equal(db.blockHash(block.header.number - 1n), bytesToBigInt(block.header.parentHash));
      } finally {
        await db.close();
      }
    }
  } finally {
    rmSync(dbRoot, { recursive: true, force: true });
  }
});
