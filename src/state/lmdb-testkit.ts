/**
 * Shared by the LMDB tests and the scripts they start (crash child, reader worker): temp folders, change
 * builders, the blocks of the crash scenario, and a full comparison of an LmdbDatabase with a MemoryDatabase.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Address } from "../primitives/address.js";
import { bytesToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import type { LmdbDatabase } from "./lmdb.js";
import type { MemoryDatabase } from "./memory.js";
import type { Account, AccountChange, BlockCommit, StateChanges, StateDatabase } from "./types.js";

export interface TempFolder {
  path: string;
  remove(): void;
}

export function tempFolder(): TempFolder {
  const path = mkdtempSync(join(tmpdir(), "parevm-lmdb-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function eoa(balance: bigint, nonce = 0n): Account {
  return { nonce, balance, codeHash: EMPTY_CODE_HASH, code: new Uint8Array(0) };
}

export function contract(code: Uint8Array, balance = 0n, nonce = 1n): Account {
  return { nonce, balance, codeHash: keccak256(code), code };
}

export function change(
  account: Account | undefined,
  storage: Array<[bigint, bigint]> = [],
  storageCleared = false,
): AccountChange {
  return { account, storage: new Map(storage), storageCleared };
}

/** An account with byte fields as hex, so deepEqual compares contents and ignores Buffer versus Uint8Array. */
function comparable(account: Account | undefined) {
  if (account === undefined) return undefined;
  return {
    nonce: account.nonce,
    balance: account.balance,
    codeHash: bytesToHex(account.codeHash),
    code: bytesToHex(account.code),
  };
}

function hexRoot(db: { stateRoot(): Uint8Array }): string {
  return bytesToHex(db.stateRoot());
}

/**
 * Asserts that `actual` holds exactly the state of `expected`: the same accounts and slots (no more), equal
 * reads for the extra `probe` addresses and slots (absent ones too), the same head, block hashes and root.
 */
export function assertSameState(
  actual: LmdbDatabase,
  expected: MemoryDatabase,
  probe: { addresses?: Address[]; slots?: bigint[]; blocks?: bigint[] } = {},
): void {
  const sorted = (list: Iterable<Address>) => [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.deepEqual(sorted(actual.addresses()), sorted(expected.addresses()), "stored addresses");
  for (const [address, account, storage] of expected.entries()) {
    assert.deepEqual(comparable(actual.account(address)), comparable(account), `account ${address}`);
    assert.deepEqual(actual.storageOf(address), new Map(storage), `storage of ${address}`);
    assert.equal(actual.hasStorage(address), expected.hasStorage(address), `hasStorage(${address})`);
  }
  for (const address of probe.addresses ?? []) {
    assert.deepEqual(comparable(actual.account(address)), comparable(expected.account(address)), `probe ${address}`);
    assert.equal(actual.hasStorage(address), expected.hasStorage(address), `probe hasStorage(${address})`);
    for (const slot of probe.slots ?? []) {
      assert.equal(actual.storage(address, slot), expected.storage(address, slot), `slot ${address}/${slot}`);
    }
  }
  for (const n of probe.blocks ?? []) assert.equal(actual.blockHash(n), expected.blockHash(n), `blockHash(${n})`);
  assert.deepEqual(actual.head(), expected.head(), "head");
  assert.equal(hexRoot(actual), hexRoot(expected), "state root");
}

/** The crash scenario's accounts: plain ones, and contracts whose storage block 2 rewrites. */
export const CRASH_EOA = 0xe0an;
export const CRASH_CONTRACT = 0xc0c0n;
export const CRASH_DOOMED = 0xdeadn;
/** Block 2 creates this many new accounts, each with storage. */
export const CRASH_NEW_ACCOUNTS = 2000;
const CRASH_FIRST_NEW = 0x100000n;

export function crashNewAddress(i: number): Address {
  return CRASH_FIRST_NEW + BigInt(i);
}

export const CRASH_CODE = Uint8Array.of(0x60, 0x2a, 0x60, 0x00, 0x55, 0x00);

export function crashBlock1(): BlockCommit {
  const changes: StateChanges = new Map([
    [CRASH_EOA, change(eoa(1000n, 3n))],
    [
      CRASH_CONTRACT,
      change(contract(CRASH_CODE, 5n), [
        [0n, 42n],
        [1n, 1n << 200n],
        [7n, 7n],
      ]),
    ],
    [CRASH_DOOMED, change(eoa(1n), [[9n, 9n]])],
  ]);
  return { number: 1n, hash: 0xb1n, changes };
}

/**
 * Block 2 touches every block-1 account first (clears the contract's storage, deletes one account), then
 * creates many new ones. `beforeAccount(i)` runs when the commit reads new account `i`, i.e. inside the write
 * transaction after everything before it has been written: the crash child kills itself there.
 */
export function crashBlock2(beforeAccount: (i: number) => void = () => {}): BlockCommit {
  const changes: StateChanges = new Map([
    [CRASH_EOA, change(eoa(999n, 4n))],
    [CRASH_CONTRACT, change(contract(CRASH_CODE, 6n), [[3n, 33n]], true)],
    [CRASH_DOOMED, change(undefined)],
  ]);
  for (let i = 0; i < CRASH_NEW_ACCOUNTS; i++) {
    const account = contract(Uint8Array.of(0x60, i & 0xff, 0x00), BigInt(i + 1));
    const storage = new Map<bigint, bigint>([
      [0n, BigInt(i + 1)],
      [1n, BigInt(i) << 128n],
    ]);
    const entry: AccountChange = {
      storageCleared: false,
      storage,
      get account() {
        beforeAccount(i);
        return account;
      },
    };
    changes.set(crashNewAddress(i), entry);
  }
  return { number: 2n, hash: 0xb2n, changes };
}

/** What a reader returns for a list of addresses and slots, in a form worker threads can post. */
export interface ReadSnapshot {
  head: string;
  root: string;
  accounts: Array<ReturnType<typeof comparable>>;
  hasStorage: boolean[];
  /** Per address, the value of each slot in order. */
  slots: bigint[][];
}

/** Reads `addresses` × `slots` through the StateDatabase interface (worker threads and the main thread alike). */
export function readSnapshot(db: StateDatabase, addresses: Address[], slots: bigint[]): ReadSnapshot {
  const head = db.head();
  return {
    head: head === undefined ? "none" : `${head.number}:${head.hash}`,
    root: hexRoot(db),
    accounts: addresses.map((address) => comparable(db.account(address))),
    hasStorage: addresses.map((address) => db.hasStorage(address)),
    slots: addresses.map((address) => slots.map((slot) => db.storage(address, slot))),
  };
}
