/**
 * Key layout and value encodings of the LMDB state database. Everything lives in LMDB's one unnamed database;
 * the first key byte names the table. All keys are raw bytes, so LMDB's bytewise order groups a table together,
 * and inside the storage table one address's slots sit next to each other (a range scan finds them).
 *
 *   0x00 ++ "format"              -> FORMAT (ASCII)                     which program wrote this folder
 *   0x00 ++ "head"                -> number u64 ++ hash 32 ++ serial u64  the last committed block
 *   0x01 ++ address 20            -> rlp([nonce, balance, codeHash])    codeHash empty when there is no code
 *   0x02 ++ codeHash 32           -> code                               content-addressed, written once
 *   0x03 ++ address 20 ++ slot 32 -> value, big-endian, no leading zeros   zero is never stored
 *   0x04 ++ number u64            -> hash 32                            BLOCKHASH
 *
 * Integers are big-endian so that numeric order is byte order.
 */
import type { Address } from "../primitives/address.js";
import { bigIntToMinimalBytes, bytesToBigInt, equalBytes } from "../primitives/hex.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import { rlpDecode, rlpEncode } from "../primitives/rlp.js";

export const TABLE_META = 0x00;
export const TABLE_ACCOUNT = 0x01;
export const TABLE_CODE = 0x02;
export const TABLE_STORAGE = 0x03;
export const TABLE_BLOCK_HASH = 0x04;

/** Written once when a folder is created; a different value means another program or an incompatible version. */
export const FORMAT = "parevm-state/1";
/** What every version of this layout starts its format record with. */
export const FORMAT_FAMILY = "parevm-state/";

const MAX_U64 = (1n << 64n) - 1n;

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export const FORMAT_KEY = Uint8Array.of(TABLE_META, ...ascii("format"));
export const HEAD_KEY = Uint8Array.of(TABLE_META, ...ascii("head"));

export function encodeFormat(): Uint8Array {
  return ascii(FORMAT);
}

export function decodeFormat(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** Writes `value` big-endian into `length` bytes of `target` at `offset`; one hex conversion, no bigint shifts. */
function writeUint(target: Uint8Array, offset: number, length: number, value: bigint): void {
  const hex = value.toString(16).padStart(length * 2, "0");
  for (let i = 0, c = 0; i < length; i++, c += 2) {
    target[offset + i] = (digit(hex.charCodeAt(c)) << 4) | digit(hex.charCodeAt(c + 1));
  }
}

/** bigint.toString(16) emits only 0-9 and a-f. */
function digit(code: number): number {
  return code < 0x60 ? code - 0x30 : code - 0x57;
}

function readUint64(bytes: Uint8Array, offset: number): bigint {
  return bytesToBigInt(bytes.subarray(offset, offset + 8));
}

/** The u64 a block number is stored as; larger numbers cannot be keys (no chain gets near them). */
function checkU64(what: string, value: bigint): void {
  if (value < 0n || value > MAX_U64) throw new RangeError(`${what} ${value} does not fit in 64 bits`);
}

export function accountKey(address: Address): Uint8Array {
  const key = new Uint8Array(21);
  key[0] = TABLE_ACCOUNT;
  writeUint(key, 1, 20, address);
  return key;
}

/** The address inside an account key. */
export function addressOfAccountKey(key: Uint8Array): Address {
  return bytesToBigInt(key.subarray(1, 21));
}

export function codeKey(codeHash: Uint8Array): Uint8Array {
  const key = new Uint8Array(33);
  key[0] = TABLE_CODE;
  key.set(codeHash, 1);
  return key;
}

export function storageKey(address: Address, slot: bigint): Uint8Array {
  const key = new Uint8Array(53);
  key[0] = TABLE_STORAGE;
  writeUint(key, 1, 20, address);
  writeUint(key, 21, 32, slot);
  return key;
}

/** The 32-byte slot inside a storage key (a view, not a copy). */
export function slotOfStorageKey(key: Uint8Array): Uint8Array {
  return key.subarray(21, 53);
}

/** First key of an address's storage range (the 21-byte prefix sorts before all its 53-byte slot keys). */
export function storagePrefix(address: Address): Uint8Array {
  const key = new Uint8Array(21);
  key[0] = TABLE_STORAGE;
  writeUint(key, 1, 20, address);
  return key;
}

/**
 * The first key after every key that starts with `prefix` (exclusive end of a range scan): the prefix plus one,
 * carrying. Carrying out of the table byte lands on the next table's first key, which is still a correct end.
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  // Only an all-0xff prefix gets here; no layout table uses 0xff.
  throw new RangeError("a prefix of only 0xff bytes has no end key");
}

export function tableStart(table: number): Uint8Array {
  return Uint8Array.of(table);
}

export function tableEnd(table: number): Uint8Array {
  return Uint8Array.of(table + 1);
}

export function blockHashKey(number: bigint): Uint8Array {
  checkU64("block number", number);
  const key = new Uint8Array(9);
  key[0] = TABLE_BLOCK_HASH;
  writeUint(key, 1, 8, number);
  return key;
}

export function encodeWord(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  writeUint(out, 0, 32, value);
  return out;
}

/** A stored slot value: big-endian without leading zeros, so the trie's rlp(value) is rlp of these bytes. */
export function encodeSlotValue(value: bigint): Uint8Array {
  return bigIntToMinimalBytes(value);
}

/** The stored parts of an account; code is kept under its hash in its own table. */
export interface StoredAccount {
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
}

export function encodeAccountValue(account: StoredAccount): Uint8Array {
  const hash = equalBytes(account.codeHash, EMPTY_CODE_HASH) ? new Uint8Array(0) : account.codeHash;
  return rlpEncode([bigIntToMinimalBytes(account.nonce), bigIntToMinimalBytes(account.balance), hash]);
}

/** Decodes an account record; undefined when the bytes are not one (the caller names the damaged record). */
export function decodeAccountValue(bytes: Uint8Array): StoredAccount | undefined {
  let decoded: ReturnType<typeof rlpDecode>;
  try {
    decoded = rlpDecode(bytes);
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
  const [nonce, balance, hash] = decoded;
  if (!(nonce instanceof Uint8Array && balance instanceof Uint8Array && hash instanceof Uint8Array)) return undefined;
  if (hash.length !== 0 && hash.length !== 32) return undefined;
  return {
    nonce: bytesToBigInt(nonce),
    balance: bytesToBigInt(balance),
    // A copy: the decoder returns views of the stored record, which may be a Node Buffer.
    codeHash: hash.length === 0 ? EMPTY_CODE_HASH : new Uint8Array(hash),
  };
}

export interface StoredHead {
  number: bigint;
  hash: bigint;
  /** Counts commits; it changes with every commit even if a block is committed twice under the same hash. */
  serial: bigint;
}

export function encodeHead(head: StoredHead): Uint8Array {
  checkU64("block number", head.number);
  const out = new Uint8Array(48);
  writeUint(out, 0, 8, head.number);
  writeUint(out, 8, 32, head.hash);
  writeUint(out, 40, 8, head.serial);
  return out;
}

/** Decodes the head record; undefined when it has the wrong size. */
export function decodeHead(bytes: Uint8Array): StoredHead | undefined {
  if (bytes.length !== 48) return undefined;
  return {
    number: readUint64(bytes, 0),
    hash: bytesToBigInt(bytes.subarray(8, 40)),
    serial: readUint64(bytes, 40),
  };
}
