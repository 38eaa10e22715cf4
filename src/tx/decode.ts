/**
 * Strict decoding of signed transactions (types 0–3) with sender recovery.
 *
 * A small RLP cursor walks the input in place: items are validated (canonical lengths, canonical integers,
 * exact list lengths, no trailing bytes) and converted straight from bytes, without hex strings. The
 * signing payload is rebuilt from the input's own bytes (the unsigned fields are one contiguous slice),
 * so nothing is re-encoded.
 */
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { keccak256 } from "../primitives/keccak.js";
import { TxDecodeError } from "./errors.js";
import { recoverAddress, SECP256K1_N, SECP256K1_N_HALF } from "./sender.js";
import type { AccessListEntry, Transaction } from "./types.js";

/** Big-endian bytes b[s..e) as a bigint, 48 bits at a time (no hex strings). */
export function bytesToBigIntRange(b: Uint8Array, s: number, e: number): bigint {
  const len = e - s;
  if (len <= 6) {
    let n = 0;
    for (let i = s; i < e; i++) n = n * 256 + b[i];
    return BigInt(n);
  }
  let i = s;
  let acc = 0n;
  const head = len % 6;
  if (head > 0) {
    let n = 0;
    for (; i < s + head; i++) n = n * 256 + b[i];
    acc = BigInt(n);
  }
  for (; i < e; i += 6) {
    const n = ((b[i] * 256 + b[i + 1]) * 256 + b[i + 2]) * 16777216 + ((b[i + 3] * 256 + b[i + 4]) * 256 + b[i + 5]);
    acc = (acc << 48n) | BigInt(n);
  }
  return acc;
}

/** A cursor over the items of one RLP list (or the top level), bounded by `end`. */
class Cursor {
  pos: number;
  readonly end: number;
  readonly b: Uint8Array;
  /** Payload bounds of the item last read by next(). */
  s = 0;
  e = 0;

  constructor(b: Uint8Array, pos: number, end: number) {
    this.b = b;
    this.pos = pos;
    this.end = end;
  }

  /** Reads the next item's header, checking canonical form; returns true if it is a list. */
  next(field: string): boolean {
    const b = this.b;
    const p = this.pos;
    if (p >= this.end) throw new TxDecodeError(field, "missing: the RLP list has too few items");
    const x = b[p];
    let s: number;
    let len: number;
    let list: boolean;
    if (x < 0x80) {
      s = p;
      len = 1;
      list = false;
    } else if (x < 0xb8) {
      s = p + 1;
      len = x - 0x80;
      list = false;
    } else if (x < 0xc0) {
      len = this.longLength(p + 1, x - 0xb7, field);
      s = p + 1 + (x - 0xb7);
      list = false;
    } else if (x < 0xf8) {
      s = p + 1;
      len = x - 0xc0;
      list = true;
    } else {
      len = this.longLength(p + 1, x - 0xf7, field);
      s = p + 1 + (x - 0xf7);
      list = true;
    }
    const e = s + len;
    if (e > this.end) throw new TxDecodeError(field, "RLP item runs past the end of the input or its enclosing list");
    if (x === 0x81 && b[s] < 0x80) {
      throw new TxDecodeError(field, "non-canonical RLP: a single byte below 0x80 must not have a length prefix");
    }
    this.s = s;
    this.e = e;
    this.pos = e;
    return list;
  }

  private longLength(p: number, lenOfLen: number, field: string): number {
    const b = this.b;
    if (p + lenOfLen > this.end) throw new TxDecodeError(field, "RLP length prefix runs past the end of the input");
    if (b[p] === 0) throw new TxDecodeError(field, "non-canonical RLP: length prefix has a leading zero byte");
    if (lenOfLen > 4) throw new TxDecodeError(field, "RLP length is larger than the input");
    let len = 0;
    for (let i = 0; i < lenOfLen; i++) len = len * 256 + b[p + i];
    if (len < 56) throw new TxDecodeError(field, "non-canonical RLP: long-form length used for fewer than 56 bytes");
    return len;
  }

  /** The next item must be a byte string. */
  string(field: string): void {
    if (this.next(field)) throw new TxDecodeError(field, "expected a byte string, found a list");
  }

  /** Enters the next item, which must be a list, returning a cursor over its items. */
  list(field: string): Cursor {
    if (!this.next(field)) throw new TxDecodeError(field, "expected a list, found a byte string");
    return new Cursor(this.b, this.s, this.e);
  }

  /** Throws unless every item of this list has been read. */
  done(field: string): void {
    if (this.pos !== this.end) throw new TxDecodeError(field, "the RLP list has too many items");
  }

  /** A canonical unsigned integer of at most 32 bytes. */
  uint(field: string): bigint {
    this.string(field);
    const len = this.e - this.s;
    if (len > 32) throw new TxDecodeError(field, `integer is ${len} bytes long, more than 32`);
    if (len > 0 && this.b[this.s] === 0) {
      throw new TxDecodeError(field, "non-canonical integer: leading zero byte");
    }
    return bytesToBigIntRange(this.b, this.s, this.e);
  }

  /** The next item must be a byte string of exactly `size` bytes (its bounds are left in s, e). */
  fixed(field: string, size: number): void {
    this.string(field);
    const len = this.e - this.s;
    if (len !== size) throw new TxDecodeError(field, `must be ${size} bytes, got ${len}`);
  }

  /** `to`: empty (contract creation) or 20 bytes. */
  to(required: boolean): Address | undefined {
    this.string("to");
    const len = this.e - this.s;
    if (len === 0) {
      if (required)
        throw new TxDecodeError("to", "required in a blob transaction (type 3): it cannot create a contract");
      return undefined;
    }
    if (len !== 20) throw new TxDecodeError("to", `must be empty or 20 bytes, got ${len}`);
    return bytesToBigIntRange(this.b, this.s, this.e);
  }

  bytes(field: string): Uint8Array {
    this.string(field);
    return this.b.slice(this.s, this.e);
  }

  accessList(): AccessListEntry[] {
    const outer = this.list("accessList");
    const out: AccessListEntry[] = [];
    while (outer.pos < outer.end) {
      const entry = outer.list("accessList");
      entry.fixed("accessList.address", 20);
      const address = bytesToBigIntRange(entry.b, entry.s, entry.e);
      const keys = entry.list("accessList.storageKeys");
      const storageKeys: bigint[] = [];
      while (keys.pos < keys.end) {
        keys.fixed("accessList.storageKeys", 32);
        storageKeys.push(bytesToBigIntRange(keys.b, keys.s, keys.e));
      }
      entry.done("accessList");
      out.push({ address, storageKeys });
    }
    return out;
  }

  blobHashes(): Uint8Array[] {
    const list = this.list("blobVersionedHashes");
    const out: Uint8Array[] = [];
    while (list.pos < list.end) {
      list.fixed("blobVersionedHashes", 32);
      out.push(list.b.slice(list.s, list.e));
    }
    return out;
  }
}

/** Scratch for the 64-byte compact signature r ++ s (decoding is synchronous, so one buffer serves all). */
const sigScratch = new Uint8Array(64);

/** Range checks (r, s in [1, n-1]; EIP-2 low s from Homestead) and recovery of the signer. */
function recover(
  b: Uint8Array,
  rStart: number,
  rEnd: number,
  sStart: number,
  sEnd: number,
  r: bigint,
  s: bigint,
  recoveryId: number,
  message: Uint8Array,
  fork: Fork,
): Address {
  if (r === 0n || r >= SECP256K1_N) throw new TxDecodeError("signature", "r is not in [1, secp256k1n - 1]");
  if (s === 0n || s >= SECP256K1_N) throw new TxDecodeError("signature", "s is not in [1, secp256k1n - 1]");
  if (fork >= Fork.Homestead && s > SECP256K1_N_HALF) {
    throw new TxDecodeError("signature", "s is greater than secp256k1n / 2 (EIP-2, from Homestead on)");
  }
  sigScratch.fill(0);
  sigScratch.set(b.subarray(rStart, rEnd), 32 - (rEnd - rStart));
  sigScratch.set(b.subarray(sStart, sEnd), 64 - (sEnd - sStart));
  return recoverAddress(keccak256(message), sigScratch, recoveryId);
}

function headerSize(payloadLength: number): number {
  if (payloadLength < 56) return 1;
  let n = 1;
  for (let l = payloadLength; l >= 256; l = Math.floor(l / 256)) n++;
  return 1 + n;
}

/** Writes an RLP list header for `payloadLength` at out[pos]; returns the position after it. */
function writeListHeader(out: Uint8Array, pos: number, payloadLength: number): number {
  const size = headerSize(payloadLength);
  if (size === 1) {
    out[pos] = 0xc0 + payloadLength;
    return pos + 1;
  }
  out[pos] = 0xf7 + size - 1;
  let l = payloadLength;
  for (let i = pos + size - 1; i > pos; i--) {
    out[i] = l & 0xff;
    l = Math.floor(l / 256);
  }
  return pos + size;
}

/** RLP of a non-negative bigint (for the EIP-155 chain id), without hex strings. */
function encodeUint(value: bigint): Uint8Array {
  if (value === 0n) return Uint8Array.of(0x80);
  if (value < 0x80n) return Uint8Array.of(Number(value));
  const bytes: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) bytes.push(Number(v & 0xffn));
  const out = new Uint8Array(bytes.length + 1);
  out[0] = 0x80 + bytes.length;
  for (let i = 0; i < bytes.length; i++) out[i + 1] = bytes[bytes.length - 1 - i];
  return out;
}

function decodeLegacy(bytes: Uint8Array, fork: Fork): Transaction {
  const top = new Cursor(bytes, 0, bytes.length);
  const c = top.list("transaction");
  if (top.pos !== bytes.length) throw new TxDecodeError("transaction", "trailing bytes after the RLP list");
  const unsignedStart = c.pos;
  const nonce = c.uint("nonce");
  const gasPrice = c.uint("gasPrice");
  const gasLimit = c.uint("gasLimit");
  const to = c.to(false);
  const value = c.uint("value");
  const data = c.bytes("data");
  const unsignedEnd = c.pos;
  const v = c.uint("v");
  const r = c.uint("r");
  const rs = c.s;
  const re = c.e;
  const s = c.uint("s");
  c.done("transaction");

  let chainId: bigint | undefined;
  let recoveryId: number;
  let message: Uint8Array;
  const region = bytes.subarray(unsignedStart, unsignedEnd);
  if (v === 27n || v === 28n) {
    chainId = undefined;
    recoveryId = Number(v - 27n);
    message = new Uint8Array(headerSize(region.length) + region.length);
    message.set(region, writeListHeader(message, 0, region.length));
  } else if (v >= 35n) {
    if (fork < Fork.SpuriousDragon) {
      throw new TxDecodeError("v", `EIP-155 signature (v = ${v}) is not valid before Spurious Dragon`);
    }
    chainId = (v - 35n) >> 1n;
    recoveryId = Number((v - 35n) & 1n);
    const tail = encodeUint(chainId);
    const payload = region.length + tail.length + 2;
    message = new Uint8Array(headerSize(payload) + payload);
    let p = writeListHeader(message, 0, payload);
    message.set(region, p);
    p += region.length;
    message.set(tail, p);
    p += tail.length;
    message[p] = 0x80;
    message[p + 1] = 0x80;
  } else {
    throw new TxDecodeError("v", `must be 27, 28 or chainId * 2 + 35/36 (EIP-155), got ${v}`);
  }
  const sender = recover(bytes, rs, re, c.s, c.e, r, s, recoveryId, message, fork);
  return {
    type: 0,
    chainId,
    nonce,
    maxFeePerGas: gasPrice,
    maxPriorityFeePerGas: gasPrice,
    gasLimit,
    to,
    value,
    data,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    v,
    r,
    s,
    sender,
    hash: keccak256(bytes),
  };
}

const TYPE_FORK: Record<1 | 2 | 3, [Fork, string]> = {
  1: [Fork.Berlin, "Berlin (EIP-2930)"],
  2: [Fork.London, "London (EIP-1559)"],
  3: [Fork.Cancun, "Cancun (EIP-4844)"],
};

function decodeTyped(bytes: Uint8Array, type: 1 | 2 | 3, fork: Fork): Transaction {
  const [since, name] = TYPE_FORK[type];
  if (fork < since) throw new TxDecodeError("type", `transaction type ${type} is not valid before ${name}`);
  const top = new Cursor(bytes, 1, bytes.length);
  const c = top.list("transaction");
  if (top.pos !== bytes.length) throw new TxDecodeError("transaction", "trailing bytes after the RLP list");
  const unsignedStart = c.pos;
  const chainId = c.uint("chainId");
  const nonce = c.uint("nonce");
  let maxPriorityFeePerGas: bigint;
  let maxFeePerGas: bigint;
  if (type === 1) {
    maxFeePerGas = c.uint("gasPrice");
    maxPriorityFeePerGas = maxFeePerGas;
  } else {
    maxPriorityFeePerGas = c.uint("maxPriorityFeePerGas");
    maxFeePerGas = c.uint("maxFeePerGas");
  }
  const gasLimit = c.uint("gasLimit");
  const to = c.to(type === 3);
  const value = c.uint("value");
  const data = c.bytes("data");
  const accessList = c.accessList();
  let maxFeePerBlobGas = 0n;
  let blobVersionedHashes: Uint8Array[] = [];
  if (type === 3) {
    maxFeePerBlobGas = c.uint("maxFeePerBlobGas");
    blobVersionedHashes = c.blobHashes();
  }
  const unsignedEnd = c.pos;
  const v = c.uint("yParity");
  if (v > 1n) throw new TxDecodeError("yParity", `must be 0 or 1, got ${v}`);
  const r = c.uint("r");
  const rs = c.s;
  const re = c.e;
  const s = c.uint("s");
  c.done("transaction");

  const regionLength = unsignedEnd - unsignedStart;
  const message = new Uint8Array(1 + headerSize(regionLength) + regionLength);
  message[0] = type;
  message.set(bytes.subarray(unsignedStart, unsignedEnd), writeListHeader(message, 1, regionLength));
  const sender = recover(bytes, rs, re, c.s, c.e, r, s, Number(v), message, fork);
  return {
    type,
    chainId,
    nonce,
    maxFeePerGas,
    maxPriorityFeePerGas,
    gasLimit,
    to,
    value,
    data,
    accessList,
    maxFeePerBlobGas,
    blobVersionedHashes,
    v,
    r,
    s,
    sender,
    hash: keccak256(bytes),
  };
}

/**
 * Decodes a signed transaction — legacy RLP or a typed envelope (type byte ++ RLP) of type 1, 2 or 3
 * without blob sidecar — checks its signature under the rules of `fork` (default Cancun), and recovers the
 * sender. Throws TxDecodeError naming the offending field ("signature" for an invalid signature).
 */
export function decodeTransaction(bytes: Uint8Array, fork: Fork = Fork.Cancun): Transaction {
  if (bytes.length === 0) throw new TxDecodeError("transaction", "empty input");
  const first = bytes[0];
  if (first >= 0xc0) return decodeLegacy(bytes, fork);
  if (first === 1 || first === 2 || first === 3) return decodeTyped(bytes, first, fork);
  if (first >= 0x80) throw new TxDecodeError("transaction", "a legacy transaction must be an RLP list");
  throw new TxDecodeError("type", `unsupported transaction type 0x${first.toString(16).padStart(2, "0")}`);
}
