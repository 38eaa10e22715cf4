/**
 * Deterministic keys, addresses and block environment shared by the workload generators.
 *
 * A key is keccak256("parevm/<role>/<index>"): the same index and role give the same key in every run and on
 * every machine, and different roles never collide. Receivers that never sign get an address of the same kind
 * of derivation without a key.
 */
import type { BlockEnv } from "../block/env.js";
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { decodeTransaction } from "../tx/decode.js";
import { SECP256K1_N } from "../tx/sender.js";
import { privateKeyToAddress, signTransaction, type UnsignedTransaction } from "../tx/sign.js";
import type { Transaction } from "../tx/types.js";
import type { PreAccount, PreState } from "./types.js";

const encoder = new TextEncoder();

export interface KeyPair {
  privateKey: Uint8Array;
  address: Address;
}

/** The private key number `index` of `role` (a valid secp256k1 scalar). */
export function derivePrivateKey(role: string, index: number): Uint8Array {
  for (let attempt = 0; ; attempt++) {
    const label = attempt === 0 ? `parevm/${role}/${index}` : `parevm/${role}/${index}/${attempt}`;
    const key = keccak256(encoder.encode(label));
    const k = bytesToBigInt(key);
    if (k > 0n && k < SECP256K1_N) return key;
  }
}

/** A key pair of `role` at `index`. */
export function deriveKeyPair(role: string, index: number): KeyPair {
  const privateKey = derivePrivateKey(role, index);
  return { privateKey, address: privateKeyToAddress(privateKey) };
}

/** `count` key pairs of `role`, indices 0..count-1. */
export function deriveKeyPairs(role: string, count: number): KeyPair[] {
  const out: KeyPair[] = [];
  for (let i = 0; i < count; i++) out.push(deriveKeyPair(role, i));
  return out;
}

/** A deterministic 256-bit number from a label, for generated amounts, hashes and choices that look irregular. */
export function labelNumber(label: string): bigint {
  return bytesToBigInt(keccak256(encoder.encode(label)));
}

/** An address without a key (last 20 bytes of keccak256("parevm/<role>/<index>")). */
export function deriveAddress(role: string, index: number): Address {
  return bytesToBigInt(keccak256(encoder.encode(`parevm/${role}/${index}`)).subarray(12));
}

export const ONE_ETHER = 10n ** 18n;
export const GWEI = 10n ** 9n;

/** Fee settings every generated transaction uses (EIP-1559): effective price 2 gwei, tip 1 gwei. */
export const BASE_FEE = 1n * GWEI;
export const MAX_FEE_PER_GAS = 2n * GWEI;
export const MAX_PRIORITY_FEE_PER_GAS = 1n * GWEI;
export const CHAIN_ID = 1n;

/** Cancun's mainnet activation time; the generated blocks sit a little after it. */
const CANCUN_TIMESTAMP = 1710338135n;

/**
 * The block environment of generated blocks: mainnet chain id, a Cancun-era number and timestamp, a fixed
 * coinbase, and a gas limit large enough for 2,000 contract calls (generated blocks are not limited to 30M).
 */
export function workloadEnv(): BlockEnv {
  return {
    chainId: CHAIN_ID,
    number: 19_500_000n,
    timestamp: CANCUN_TIMESTAMP + 12n * 100_000n,
    coinbase: deriveAddress("coinbase", 0),
    gasLimit: 1_000_000_000n,
    baseFee: BASE_FEE,
    prevRandao: bytesToBigInt(keccak256(encoder.encode("parevm/prevrandao"))),
    difficulty: 0n,
    blobBaseFee: 1n,
  };
}

/** An externally owned account holding `balance` wei. */
export function eoa(balance: bigint, nonce = 0n): PreAccount {
  return { nonce, balance, code: new Uint8Array(0), storage: new Map() };
}

/** Adds funded externally owned accounts to a pre-state. */
export function fundAccounts(pre: PreState, addresses: Iterable<Address>, balance: bigint): void {
  for (const a of addresses) pre.set(a, eoa(balance));
}

/** A signed transaction and its encoding. */
export interface SignedTransaction {
  tx: Transaction;
  raw: Uint8Array;
}

/**
 * Signs an EIP-1559 transaction with the workload fee settings, then decodes the encoding again so that the
 * returned transaction went through the same strict decoder and sender recovery as any other input.
 */
export function signWorkloadTx(
  fields: Omit<UnsignedTransaction, "type" | "chainId" | "maxFeePerGas" | "maxPriorityFeePerGas">,
  key: KeyPair,
  fork: Fork = Fork.Cancun,
): SignedTransaction {
  const { raw } = signTransaction(
    {
      type: 2,
      chainId: CHAIN_ID,
      maxFeePerGas: MAX_FEE_PER_GAS,
      maxPriorityFeePerGas: MAX_PRIORITY_FEE_PER_GAS,
      ...fields,
    },
    key.privateKey,
  );
  const tx = decodeTransaction(raw, fork);
  if (tx.sender !== key.address) throw new Error("workload signing: recovered sender differs from the signing key");
  return { tx, raw };
}
