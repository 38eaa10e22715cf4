import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { LmdbDatabase } from "./lmdb.js";
import {
  assertSameState,
  CRASH_CONTRACT,
  CRASH_DOOMED,
  CRASH_EOA,
  CRASH_NEW_ACCOUNTS,
  crashBlock1,
  crashBlock2,
  crashNewAddress,
  tempFolder,
} from "./lmdb-testkit.js";
import { MemoryDatabase } from "./memory.js";

const CHILD = fileURLToPath(new URL("./lmdb-crash-child.js", import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the crash child on `folder` and waits until it is gone and its output is read. */
function runChild(folder: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, folder], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

test("lmdb: a process killed in the middle of a commit leaves the previous block's state, head and root", async () => {
  const folder = tempFolder();
  try {
    const exit = await runChild(folder.path);
    assert.equal(exit.signal, "SIGKILL", `the child should die by SIGKILL; it exited ${exit.code}: ${exit.stderr}`);
    // What the child saw inside the write transaction just before dying: block 2 half applied.
    assert.deepEqual(JSON.parse(exit.stdout), {
      eoaBalance: "999",
      doomedGone: true,
      contractSlot0: "0",
      firstNewSlot0: "1",
      lastNewExists: false,
      head: "1",
    });

    const expected = new MemoryDatabase();
    expected.commitBlock(crashBlock1());
    const probe = {
      addresses: [CRASH_EOA, CRASH_CONTRACT, CRASH_DOOMED, crashNewAddress(0), crashNewAddress(CRASH_NEW_ACCOUNTS - 1)],
      slots: [0n, 1n, 3n, 7n, 9n],
      blocks: [1n, 2n],
    };
    const db = LmdbDatabase.open(folder.path);
    try {
      assert.deepEqual(db.head(), { number: 1n, hash: 0xb1n });
      assert.equal(db.blockHash(2n), 0n);
      assertSameState(db, expected, probe);
      // The writer lock the dead process held is recovered: block 2 now commits in full.
      db.commitBlock(crashBlock2());
      expected.commitBlock(crashBlock2());
      assertSameState(db, expected, probe);
    } finally {
      await db.close();
    }
  } finally {
    folder.remove();
  }
});
