/**
 * Crash-test child, started by lmdb-crash.test.ts with the database folder as its argument: commits block 1,
 * then starts committing block 2 and, inside the write transaction after part of it is written, reports what
 * it sees on stdout and kills itself with SIGKILL (no exit handlers, no chance to finish or abort cleanly).
 */
import { writeSync } from "node:fs";
import { LmdbDatabase } from "./lmdb.js";
import {
  CRASH_CONTRACT,
  CRASH_DOOMED,
  CRASH_EOA,
  CRASH_NEW_ACCOUNTS,
  crashBlock1,
  crashBlock2,
  crashNewAddress,
} from "./lmdb-testkit.js";

/** Which new account of block 2 the child dies at: half of them are written by then. */
const KILL_AT = CRASH_NEW_ACCOUNTS / 2;

const folder = process.argv[2];
if (folder === undefined) {
  writeSync(2, "usage: node lmdb-crash-child.js <database folder>\n");
  process.exit(2);
}

const db = LmdbDatabase.open(folder);
db.commitBlock(crashBlock1());
db.commitBlock(
  crashBlock2((i) => {
    if (i !== KILL_AT) return;
    // Reads inside the write transaction see its uncommitted writes: proof that block 2 is half written.
    const seen = {
      eoaBalance: String(db.account(CRASH_EOA)?.balance),
      doomedGone: db.account(CRASH_DOOMED) === undefined,
      contractSlot0: String(db.storage(CRASH_CONTRACT, 0n)),
      firstNewSlot0: String(db.storage(crashNewAddress(0), 0n)),
      lastNewExists: db.account(crashNewAddress(CRASH_NEW_ACCOUNTS - 1)) !== undefined,
      head: String(db.head()?.number),
    };
    // Synchronous write, so the parent has the line before the process is gone.
    writeSync(1, `${JSON.stringify(seen)}\n`);
    process.kill(process.pid, "SIGKILL");
  }),
);
writeSync(2, "crash child: block 2 was committed, the kill did not happen\n");
process.exit(3);
