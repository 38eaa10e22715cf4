/**
 * Signing payloads, the canonical encoding, and signing (for block generators), with the native
 * libsecp256k1 binding of the `secp256k1` package, which sender.ts also uses for recovery.
 *
 * That package silently falls back to a pure-JS implementation (elliptic, ~20x slower) when its native
 * addon does not load; we load the native binding directly so that such a failure is loud instead.
 */
import { createRequire } from "node:module";
import type * as Secp256k1 from "secp256k1";
import { type Address, addressToBytes } from "../primitives/address.js";
import { bigIntToBytes, bigIntToMinimalBytes, concatBytes, equalBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { type RlpInput, rlpEncode } from "../primitives/rlp.js";
import { TxDecodeError } from "./errors.js";
import type { AccessListEntry, Transaction } from "./types.js";

type Secp256k1Api = typeof Secp256k1;

function loadNative(): Secp256k1Api {
  const require = createRequire(import.meta.url);
  try {
    return require("secp256k1/bindings.js") as Secp256k1Api;
  } catch (cause) {
    throw new Error(
      "parevm: the native libsecp256k1 binding of the `secp256k1` package did not load " +
        `(${(cause as Error).message}). Check that node_modules/secp256k1/prebuilds has a binary for ` +
        `${process.platform}-${process.arch}, or rebuild it with \`npm rebuild secp256k1\`. ` +
        "The pure-JS fallback is not used: it is ~20x slower.",
      { cause },
    );
  }
}

/** The native secp256k1 API (libsecp256k1). */
export const secp256k1: Secp256k1Api = loadNative();

/** Which implementation is in use; always "native" (loading fails otherwise). */
export const SECP256K1_BACKEND = "native" as const;

/** The address of an uncompressed public key (0x04 ++ X ++ Y): the last 20 bytes of keccak256(X ++ Y). */
export function publicKeyToAddress(uncompressed: Uint8Array): Address {
  const h = keccak256(uncompressed.subarray(1, 65));
  const dv = new DataView(h.buffer, h.byteOffset + 12, 20);
  return (BigInt(dv.getUint32(0)) << 128n) | (dv.getBigUint64(4) << 64n) | dv.getBigUint64(12);
}

const keyCache = new WeakMap<Uint8Array, { key: Uint8Array; address: Address }>();

/** The address of a 32-byte private key (cached per key object, re-checked against its bytes). */
export function privateKeyToAddress(privateKey: Uint8Array): Address {
  const hit = keyCache.get(privateKey);
  if (hit !== undefined && equalBytes(hit.key, privateKey)) return hit.address;
  const address = publicKeyToAddress(secp256k1.publicKeyCreate(privateKey, false));
  keyCache.set(privateKey, { key: privateKey.slice(), address });
  return address;
}

function word(bytes: Uint8Array, offset: number): bigint {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, 32);
  return (
    (dv.getBigUint64(0) << 192n) | (dv.getBigUint64(8) << 128n) | (dv.getBigUint64(16) << 64n) | dv.getBigUint64(24)
  );
}

/** The fields a signature covers (a Transaction has them all). */
export type SigningFields = Pick<
  Transaction,
  | "type"
  | "chainId"
  | "nonce"
  | "maxFeePerGas"
  | "maxPriorityFeePerGas"
  | "gasLimit"
  | "to"
  | "value"
  | "data"
  | "accessList"
  | "maxFeePerBlobGas"
  | "blobVersionedHashes"
>;

/** The fields of a signed encoding. */
export type SignedFields = SigningFields & Pick<Transaction, "v" | "r" | "s">;

/** What a generator gives signTransaction; omitted fields take the defaults shown. */
export interface UnsignedTransaction {
  type: 0 | 1 | 2 | 3;
  /** Typed: default 1. Legacy: undefined signs pre-EIP-155 (v = 27/28), a value signs with EIP-155. */
  chainId?: bigint;
  nonce: bigint;
  /** Legacy and type 1. (Also accepted as maxFeePerGas.) */
  gasPrice?: bigint;
  /** Types 2 and 3 (for 0 and 1 an alias of gasPrice). */
  maxFeePerGas?: bigint;
  /** Types 2 and 3; default 0. */
  maxPriorityFeePerGas?: bigint;
  gasLimit: bigint;
  /** undefined = contract creation (not allowed for type 3). */
  to?: Address;
  /** Default 0. */
  value?: bigint;
  /** Default empty. */
  data?: Uint8Array;
  /** Types 1–3; default empty. */
  accessList?: AccessListEntry[];
  /** Type 3; default 0. */
  maxFeePerBlobGas?: bigint;
  /** Type 3; default empty. */
  blobVersionedHashes?: Uint8Array[];
}

const uint = bigIntToMinimalBytes;

function encodeAccessList(list: AccessListEntry[]): RlpInput[] {
  return list.map((e) => [addressToBytes(e.address), e.storageKeys.map((k) => bigIntToBytes(k, 32))]);
}

function typedChainId(tx: SigningFields): bigint {
  if (tx.chainId === undefined) throw new TxDecodeError("chainId", `required for a type ${tx.type} transaction`);
  return tx.chainId;
}

/** The unsigned fields of a transaction as RLP items, in wire order (without EIP-155's chain id tail). */
function unsignedItems(tx: SigningFields): RlpInput[] {
  const to = tx.to === undefined ? new Uint8Array(0) : addressToBytes(tx.to);
  switch (tx.type) {
    case 0:
      return [uint(tx.nonce), uint(tx.maxFeePerGas), uint(tx.gasLimit), to, uint(tx.value), tx.data];
    case 1:
      return [
        uint(typedChainId(tx)),
        uint(tx.nonce),
        uint(tx.maxFeePerGas),
        uint(tx.gasLimit),
        to,
        uint(tx.value),
        tx.data,
        encodeAccessList(tx.accessList),
      ];
    case 2:
    case 3: {
      const items: RlpInput[] = [
        uint(typedChainId(tx)),
        uint(tx.nonce),
        uint(tx.maxPriorityFeePerGas),
        uint(tx.maxFeePerGas),
        uint(tx.gasLimit),
        to,
        uint(tx.value),
        tx.data,
        encodeAccessList(tx.accessList),
      ];
      if (tx.type === 3) {
        if (tx.to === undefined) throw new TxDecodeError("to", "required in a blob transaction (type 3)");
        items.push(uint(tx.maxFeePerBlobGas), tx.blobVersionedHashes);
      }
      return items;
    }
  }
}

function envelope(type: 0 | 1 | 2 | 3, items: RlpInput[]): Uint8Array {
  const body = rlpEncode(items);
  return type === 0 ? body : concatBytes(Uint8Array.of(type), body);
}

/**
 * The bytes a signature covers: legacy rlp([nonce, gasPrice, gas, to, value, data]) before EIP-155
 * (chainId undefined), rlp([..., chainId, 0, 0]) with it; typed: type ++ rlp(fields without signature).
 */
export function signingPayload(tx: SigningFields): Uint8Array {
  const items = unsignedItems(tx);
  if (tx.type === 0 && tx.chainId !== undefined) items.push(uint(tx.chainId), new Uint8Array(0), new Uint8Array(0));
  return envelope(tx.type, items);
}

/** keccak256 of the signing payload: the message the sender signed. */
export function signingHash(tx: SigningFields): Uint8Array {
  return keccak256(signingPayload(tx));
}

/** The canonical signed encoding (typed: type byte ++ RLP; legacy: RLP), whose keccak256 is the tx hash. */
export function encodeTransaction(tx: SignedFields): Uint8Array {
  const items = unsignedItems(tx);
  items.push(uint(tx.v), uint(tx.r), uint(tx.s));
  return envelope(tx.type, items);
}

/** Fills defaults and checks that the fields fit the type. */
function normalize(f: UnsignedTransaction): SigningFields {
  const legacyPrice = f.type === 0 || f.type === 1;
  const maxFeePerGas = legacyPrice ? (f.gasPrice ?? f.maxFeePerGas) : f.maxFeePerGas;
  if (maxFeePerGas === undefined) {
    throw new TxDecodeError(legacyPrice ? "gasPrice" : "maxFeePerGas", `required for a type ${f.type} transaction`);
  }
  if (f.type === 3 && f.to === undefined) throw new TxDecodeError("to", "required in a blob transaction (type 3)");
  return {
    type: f.type,
    chainId: f.type === 0 ? f.chainId : (f.chainId ?? 1n),
    nonce: f.nonce,
    maxFeePerGas,
    maxPriorityFeePerGas: legacyPrice ? maxFeePerGas : (f.maxPriorityFeePerGas ?? 0n),
    gasLimit: f.gasLimit,
    to: f.to,
    value: f.value ?? 0n,
    data: f.data ?? new Uint8Array(0),
    accessList: f.type === 0 ? [] : (f.accessList ?? []),
    maxFeePerBlobGas: f.type === 3 ? (f.maxFeePerBlobGas ?? 0n) : 0n,
    blobVersionedHashes: f.type === 3 ? (f.blobVersionedHashes ?? []) : [],
  };
}

/**
 * Signs a transaction with a 32-byte private key (native libsecp256k1, RFC 6979 nonces, low s) and
 * returns the decoded form together with its canonical encoding.
 */
export function signTransaction(
  fields: UnsignedTransaction,
  privateKey: Uint8Array,
): { tx: Transaction; raw: Uint8Array } {
  const u = normalize(fields);
  const { signature, recid } = secp256k1.ecdsaSign(signingHash(u), privateKey);
  const parity = BigInt(recid);
  let v: bigint;
  if (u.type !== 0) v = parity;
  else if (u.chainId === undefined) v = 27n + parity;
  else v = u.chainId * 2n + 35n + parity;
  const tx: Transaction = {
    type: u.type,
    chainId: u.chainId,
    nonce: u.nonce,
    maxFeePerGas: u.maxFeePerGas,
    maxPriorityFeePerGas: u.maxPriorityFeePerGas,
    gasLimit: u.gasLimit,
    to: u.to,
    value: u.value,
    data: u.data,
    accessList: u.accessList,
    maxFeePerBlobGas: u.maxFeePerBlobGas,
    blobVersionedHashes: u.blobVersionedHashes,
    v,
    r: word(signature, 0),
    s: word(signature, 32),
    sender: privateKeyToAddress(privateKey),
    hash: new Uint8Array(0),
  };
  const raw = encodeTransaction(tx);
  tx.hash = keccak256(raw);
  return { tx, raw };
}
