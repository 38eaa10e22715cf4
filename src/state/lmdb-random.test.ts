import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { keccak256 } from "../primitives/keccak.js";
import { LmdbDatabase } from "./lmdb.js";
import { assertSameState, tempFolder } from "./lmdb-testkit.js";
import { MemoryDatabase } from "./memory.js";
import type { Account, AccountChange, BlockCommit, StateChanges } from "./types.js";

const MAX_WORD = (1n << 256n) - 1n;
/** Few addresses and slots, so random blocks keep hitting the same ones (overwrites, deletes, re-creation). */
const ADDRESSES = [0n, 1n, 2n, 0x1234n, (1n << 159n) + 5n, (1n << 160n) - 1n];
const SLOTS = [0n, 1n, 2n, 1n << 255n, MAX_WORD];
const CODES = [new Uint8Array(0), Uint8Array.of(0x00), Uint8Array.of(0x60, 0x2a, 0x60, 0x00, 0x55)];
const PROBE = { addresses: ADDRESSES, slots: SLOTS, blocks: [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n] };

const value = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 300n }), fc.bigInt({ min: 0n, max: MAX_WORD }));

const account: fc.Arbitrary<Account> = fc
  .record({
    nonce: fc.bigInt({ min: 0n, max: 3n }),
    balance: fc.oneof(fc.bigInt({ min: 0n, max: 10n }), fc.bigInt({ min: 0n, max: MAX_WORD })),
    code: fc.constantFrom(...CODES),
  })
  .map(({ nonce, balance, code }) => ({ nonce, balance, code, codeHash: keccak256(code) }));

const accountChange: fc.Arbitrary<AccountChange> = fc.record({
  account: fc.option(account, { nil: undefined, freq: 4 }),
  storageCleared: fc.boolean(),
  storage: fc.array(fc.tuple(fc.constantFrom(...SLOTS), value), { maxLength: 4 }).map((slots) => new Map(slots)),
});

const changes: fc.Arbitrary<StateChanges> = fc
  .array(fc.tuple(fc.constantFrom(...ADDRESSES), accountChange), { minLength: 1, maxLength: 5 })
  .map((entries) => new Map(entries));

const blocks: fc.Arbitrary<BlockCommit[]> = fc
  .array(changes, { minLength: 1, maxLength: 6 })
  .map((list) => list.map((c, i) => ({ number: BigInt(i + 1), hash: BigInt(i + 1) * 0x1111n, changes: c })));

test("lmdb: random block sequences leave the same state and root as MemoryDatabase, before and after reopening", async () => {
  const folder = tempFolder();
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(blocks, async (sequence) => {
        const path = join(folder.path, `run-${run++}`);
        const db = LmdbDatabase.open(path);
        const memory = new MemoryDatabase();
        try {
          for (const block of sequence) {
            db.commitBlock(block);
            memory.commitBlock(block);
            assertSameState(db, memory, PROBE);
          }
        } finally {
          await db.close();
        }
        const reopened = LmdbDatabase.open(path);
        try {
          assertSameState(reopened, memory, PROBE);
        } finally {
          await reopened.close();
        }
      }),
      { numRuns: 50 },
    );
  } finally {
    folder.remove();
  }
});
