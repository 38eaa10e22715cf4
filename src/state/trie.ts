/**
 * Merkle-Patricia trie roots (yellow paper, appendix D) computed in one pass from a complete key set.
 *
 * No node tree is kept: the keys are sorted once, then each node is built by recursing over the range of keys
 * that share its path, so every node is encoded and hashed exactly once. Nodes are written with a small RLP
 * writer of our own because child references must be spliced in already encoded (inlined nodes < 32 bytes).
 */
import type { Address } from "../primitives/address.js";
import { hexToBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { rlpList, rlpString } from "../primitives/rlp-writer.js";
import type { Account } from "./types.js";

type Entry = [Uint8Array, Uint8Array];

/** keccak256(rlp("")): the root of a trie with no entries. */
export const EMPTY_TRIE_ROOT: Uint8Array = hexToBytes(
  "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
);

const EMPTY_STRING = Uint8Array.of(0x80);

function nibble(key: Uint8Array, i: number): number {
  const b = key[i >> 1];
  return i & 1 ? b & 0x0f : b >> 4;
}

/** Hex-prefix encoding of nibbles [from, to) of `key`, with the leaf flag. */
function hexPrefix(key: Uint8Array, from: number, to: number, leaf: boolean): Uint8Array {
  const count = to - from;
  const out = new Uint8Array(1 + (count >> 1));
  const flag = leaf ? 2 : 0;
  let start = from;
  if (count & 1) {
    out[0] = ((flag | 1) << 4) | nibble(key, from);
    start++;
  } else {
    out[0] = flag << 4;
  }
  // The remaining nibble count is even; when it starts on a byte boundary it is a plain byte copy.
  if ((start & 1) === 0) {
    out.set(key.subarray(start >> 1, to >> 1), 1);
  } else {
    for (let i = start, o = 1; i < to; i += 2, o++) out[o] = (nibble(key, i) << 4) | nibble(key, i + 1);
  }
  return out;
}

/** How a parent refers to a child: inlined when its encoding is shorter than 32 bytes, else by hash. */
function reference(node: Uint8Array): Uint8Array {
  return node.length < 32 ? node : rlpString(keccak256(node));
}

/** Encodes the node for sorted, distinct entries [lo, hi) that all share their first `depth` nibbles. */
function buildNode(entries: Entry[], lo: number, hi: number, depth: number): Uint8Array {
  const first = entries[lo][0];
  if (hi - lo === 1) {
    return rlpList([rlpString(hexPrefix(first, depth, first.length * 2, true)), rlpString(entries[lo][1])]);
  }
  // Sorted keys: the prefix shared by the first and last is shared by all of them.
  const last = entries[hi - 1][0];
  const limit = Math.min(first.length, last.length) * 2;
  let shared = depth;
  while (shared < limit && nibble(first, shared) === nibble(last, shared)) shared++;
  if (shared === depth) return buildBranch(entries, lo, hi, depth);
  const branch = buildBranch(entries, lo, hi, shared);
  return rlpList([rlpString(hexPrefix(first, depth, shared, false)), reference(branch)]);
}

function buildBranch(entries: Entry[], lo: number, hi: number, depth: number): Uint8Array {
  const items = new Array<Uint8Array>(17);
  let i = lo;
  items[16] = EMPTY_STRING;
  // A key ending exactly here sorts first and becomes the branch's value.
  if (entries[i][0].length * 2 === depth) {
    items[16] = rlpString(entries[i][1]);
    i++;
  }
  for (let n = 0; n < 16; n++) {
    let j = i;
    while (j < hi && nibble(entries[j][0], depth) === n) j++;
    items[n] = j > i ? reference(buildNode(entries, i, j, depth + 1)) : EMPTY_STRING;
    i = j;
  }
  return rlpList(items);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Root of the trie holding `entries` (raw keys). A repeated key keeps its last value; empty values are absent. */
export function trieRoot(entries: Array<[Uint8Array, Uint8Array]>): Uint8Array {
  // Stable sort keeps insertion order among equal keys, so the last of a run is the one that counts.
  const sorted = entries.slice().sort((a, b) => compareBytes(a[0], b[0]));
  const distinct: Entry[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i + 1 < sorted.length && compareBytes(sorted[i][0], sorted[i + 1][0]) === 0) continue;
    if (sorted[i][1].length > 0) distinct.push(sorted[i]);
  }
  if (distinct.length === 0) return EMPTY_TRIE_ROOT.slice();
  return keccak256(buildNode(distinct, 0, distinct.length, 0));
}

/** Root of the "secure" trie: every key is replaced by its keccak256. */
export function secureTrieRoot(entries: Array<[Uint8Array, Uint8Array]>): Uint8Array {
  return trieRoot(entries.map(([k, v]): Entry => [keccak256(k), v]));
}

/** Root of a list keyed by rlp(index): the transactions, receipts and withdrawals roots. */
export function orderedTrieRoot(values: Uint8Array[]): Uint8Array {
  return trieRoot(values.map((v, i): Entry => [rlpString(minimalBytes(BigInt(i))), v]));
}

/** Hex digits (no prefix, even count, known valid) into bytes; avoids hexToBytes' regex on this hot path. */
function digitsToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0, c = 0; i < out.length; i++, c += 2) {
    out[i] = (digitValue(hex.charCodeAt(c)) << 4) | digitValue(hex.charCodeAt(c + 1));
  }
  return out;
}

/** bigint.toString(16) emits only 0-9 and a-f. */
function digitValue(code: number): number {
  return code < 0x60 ? code - 0x30 : code - 0x57;
}

/** Big-endian bytes without leading zeros (zero is empty), via one hex conversion instead of bigint shifts. */
function minimalBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const hex = value.toString(16);
  return digitsToBytes(hex.length & 1 ? `0${hex}` : hex);
}

function word32(value: bigint): Uint8Array {
  return digitsToBytes(value.toString(16).padStart(64, "0"));
}

/** Storage root: keccak(slot as 32 bytes) -> rlp(value without leading zeros); zero slots are absent. */
export function storageRoot(storage: ReadonlyMap<bigint, bigint>): Uint8Array {
  const entries: Entry[] = [];
  for (const [slot, value] of storage) {
    if (value !== 0n) entries.push([keccak256(word32(slot)), rlpString(minimalBytes(value))]);
  }
  return trieRoot(entries);
}

/** The state-trie value of an account: rlp([nonce, balance, storageRoot, codeHash]). */
export function encodeAccount(account: Account, storageRootHash: Uint8Array): Uint8Array {
  return rlpList([
    rlpString(minimalBytes(account.nonce)),
    rlpString(minimalBytes(account.balance)),
    rlpString(storageRootHash),
    rlpString(account.codeHash),
  ]);
}

/** Key of an account in the state trie: keccak256 of its 20-byte address. */
export function accountKey(address: Address): Uint8Array {
  return keccak256(digitsToBytes(address.toString(16).padStart(40, "0")));
}

/** State root of a full set of accounts with their storage. */
export function stateRoot(accounts: Iterable<[Address, Account, ReadonlyMap<bigint, bigint>]>): Uint8Array {
  const entries: Entry[] = [];
  for (const [address, account, storage] of accounts) {
    entries.push([accountKey(address), encodeAccount(account, storageRoot(storage))]);
  }
  return trieRoot(entries);
}

/** State root when the storage roots are already known (cached by the database). */
export function stateRootFromStorageRoots(accounts: Iterable<[Address, Account, Uint8Array]>): Uint8Array {
  const entries: Entry[] = [];
  for (const [address, account, root] of accounts) entries.push([accountKey(address), encodeAccount(account, root)]);
  return trieRoot(entries);
}
