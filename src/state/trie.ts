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
export function nodeReference(node: Uint8Array): Uint8Array {
  return node.length < 32 ? node : rlpString(keccak256(node));
}

/** The encoded leaf node for `key` below `depth` nibbles of path. */
export function leafNode(key: Uint8Array, depth: number, value: Uint8Array): Uint8Array {
  return rlpList([rlpString(hexPrefix(key, depth, key.length * 2, true)), rlpString(value)]);
}

/**
 * The reference to the leaf of sorted entry `position` at `depth` nibbles. The trie's shape depends on its keys
 * alone, so the leaves (most of the hashing) can be computed elsewhere, even on other threads, and joined here.
 */
export type LeafReference = (position: number, depth: number) => Uint8Array;

/** The value of a key that ends exactly at a branch (keys that are prefixes of others; never for rlp(i) keys). */
export type BranchValue = (position: number) => Uint8Array;

class Builder {
  constructor(
    readonly keys: Uint8Array[],
    readonly leaf: LeafReference,
    readonly branchValue: BranchValue,
  ) {}

  /** Reference to the node for sorted, distinct keys [lo, hi) that all share their first `depth` nibbles. */
  ref(lo: number, hi: number, depth: number): Uint8Array {
    if (hi - lo === 1) return this.leaf(lo, depth);
    return nodeReference(this.node(lo, hi, depth));
  }

  /** Encoding of that node (two or more keys). */
  node(lo: number, hi: number, depth: number): Uint8Array {
    const first = this.keys[lo];
    // Sorted keys: the prefix shared by the first and last is shared by all of them.
    const last = this.keys[hi - 1];
    const limit = Math.min(first.length, last.length) * 2;
    let shared = depth;
    while (shared < limit && nibble(first, shared) === nibble(last, shared)) shared++;
    if (shared === depth) return this.branch(lo, hi, depth);
    const branch = this.branch(lo, hi, shared);
    return rlpList([rlpString(hexPrefix(first, depth, shared, false)), nodeReference(branch)]);
  }

  branch(lo: number, hi: number, depth: number): Uint8Array {
    const keys = this.keys;
    const items = new Array<Uint8Array>(17);
    let i = lo;
    items[16] = EMPTY_STRING;
    // A key ending exactly here sorts first and becomes the branch's value.
    if (keys[i].length * 2 === depth) {
      items[16] = rlpString(this.branchValue(i));
      i++;
    }
    for (let n = 0; n < 16; n++) {
      let j = i;
      while (j < hi && nibble(keys[j], depth) === n) j++;
      items[n] = j > i ? this.ref(i, j, depth + 1) : EMPTY_STRING;
      i = j;
    }
    return rlpList(items);
  }

  root(): Uint8Array {
    const n = this.keys.length;
    if (n === 0) return EMPTY_TRIE_ROOT.slice();
    if (n > 1) return keccak256(this.node(0, n, 0));
    // A lone leaf is the root: hashed even when short enough to inline (a 33-byte reference is already a hash).
    const ref = this.leaf(0, 0);
    return ref.length === 33 && ref[0] === 0xa0 ? ref.slice(1) : keccak256(ref);
  }
}

/** Calls `visit(position, depth)` for every leaf of the trie over sorted, distinct `keys`, without hashing. */
export function leafDepths(keys: Uint8Array[], visit: (position: number, depth: number) => void): void {
  const walk = (lo: number, hi: number, depth: number): void => {
    if (hi - lo === 1) {
      visit(lo, depth);
      return;
    }
    const first = keys[lo];
    const last = keys[hi - 1];
    const limit = Math.min(first.length, last.length) * 2;
    let d = depth;
    while (d < limit && nibble(first, d) === nibble(last, d)) d++;
    let i = lo;
    if (keys[i].length * 2 === d) i++;
    for (let n = 0; n < 16; n++) {
      let j = i;
      while (j < hi && nibble(keys[j], d) === n) j++;
      if (j > i) walk(i, j, d + 1);
      i = j;
    }
  };
  if (keys.length > 0) walk(0, keys.length, 0);
}

/** Root over sorted, distinct keys whose leaf references come from `leaf`. */
export function trieRootFromLeaves(keys: Uint8Array[], leaf: LeafReference, branchValue: BranchValue): Uint8Array {
  return new Builder(keys, leaf, branchValue).root();
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
  return trieRootFromLeaves(
    distinct.map((e) => e[0]),
    (position, depth) => nodeReference(leafNode(distinct[position][0], depth, distinct[position][1])),
    (position) => distinct[position][1],
  );
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
