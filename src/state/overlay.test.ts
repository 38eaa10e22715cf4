import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import { MemoryDatabase } from "./memory.js";
import { StateOverlay } from "./overlay.js";
import type { Account, StateChanges } from "./types.js";

const ADDRESSES = [1n, 2n, 3n];
const SLOTS = [0n, 1n, 2n];

function eoa(balance: bigint): Account {
  return { nonce: 0n, balance, code: new Uint8Array(0), codeHash: EMPTY_CODE_HASH };
}

function base(): MemoryDatabase {
  const db = new MemoryDatabase();
  db.setAccount(1n, eoa(10n));
  db.setStorage(1n, 0n, 5n);
  db.setStorage(1n, 1n, 6n);
  db.setAccount(2n, eoa(20n));
  db.setStorage(2n, 2n, 7n);
  return db;
}

const changeArb = fc.record({
  address: fc.constantFrom(...ADDRESSES),
  kind: fc.constantFrom("write", "clear", "delete"),
  balance: fc.bigInt({ min: 0n, max: 100n }),
  slots: fc.array(fc.tuple(fc.constantFrom(...SLOTS), fc.bigInt({ min: 0n, max: 3n })), { maxLength: 3 }),
});

type ChangeSpec = { address: bigint; kind: string; balance: bigint; slots: Array<[bigint, bigint]> };

function toChanges(specs: ChangeSpec[]): StateChanges {
  const changes: StateChanges = new Map();
  for (const c of specs) {
    changes.set(
      c.address,
      c.kind === "delete"
        ? { account: undefined, storageCleared: true, storage: new Map() }
        : { account: eoa(c.balance), storageCleared: c.kind === "clear", storage: new Map(c.slots) },
    );
  }
  return changes;
}

/** Accounts and slots sorted by address, so that insertion order does not matter. */
function snapshot(db: MemoryDatabase) {
  return [...db.entries()].map(([a, acc, st]) => [a, acc, [...st].sort()]).sort((x, y) => Number(x[0]) - Number(y[0]));
}

test("an overlay folding diffs reads like the database with the diffs applied, and its net diff commits to the same state", () => {
  fc.assert(
    fc.property(fc.array(fc.array(changeArb, { maxLength: 3 }), { maxLength: 6 }), (txs) => {
      const expected = base();
      const overlay = new StateOverlay(base());
      for (const tx of txs) {
        const changes = toChanges(tx);
        expected.applyChanges(changes);
        overlay.apply(changes);
        for (const a of ADDRESSES) {
          assert.deepEqual(overlay.account(a), expected.account(a));
          for (const s of SLOTS) assert.equal(overlay.storage(a, s), expected.storage(a, s));
        }
      }
      const committed = base();
      committed.applyChanges(overlay.changes());
      assert.deepEqual(snapshot(committed), snapshot(expected));
    }),
    { numRuns: 300 },
  );
});

test("hasStorage sees slots written in the block and forgets cleared ones", () => {
  const overlay = new StateOverlay(base());
  assert.equal(overlay.hasStorage(3n), false);
  overlay.apply(toChanges([{ address: 3n, kind: "write", balance: 1n, slots: [[0n, 9n]] }]));
  assert.equal(overlay.hasStorage(3n), true);
  overlay.apply(toChanges([{ address: 1n, kind: "clear", balance: 1n, slots: [] }]));
  assert.equal(overlay.hasStorage(1n), false);
  assert.equal(overlay.hasStorage(2n), true);
});

test("adopting changes gives the same overlay as applying them", () => {
  fc.assert(
    fc.property(fc.array(changeArb, { maxLength: 3 }), fc.array(changeArb, { maxLength: 4 }), (first, last) => {
      const applied = new StateOverlay(base());
      const adopted = new StateOverlay(base());
      applied.apply(toChanges(first));
      adopted.apply(toChanges(first));
      applied.apply(toChanges(last));
      adopted.adopt(toChanges(last));
      assert.deepEqual(adopted.changes(), applied.changes());
    }),
    { numRuns: 300 },
  );
  // A deletion that still lists storage is normalised as apply does it.
  const overlay = new StateOverlay(base());
  overlay.adopt(new Map([[1n, { account: undefined, storageCleared: false, storage: new Map([[0n, 1n]]) }]]));
  assert.deepEqual(overlay.changes().get(1n), { account: undefined, storageCleared: true, storage: new Map() });
});
