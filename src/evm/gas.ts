/** Dynamic gas rules: memory expansion, copies, EXP, SSTORE (by fork and storage status), EIP-2929 access. */
import { Fork } from "../forks.js";

export const WARM_ACCESS = 100;
export const COLD_ACCOUNT_ACCESS = 2600;
export const COLD_SLOAD = 2100;
export const CALL_STIPEND = 2300;
export const CALL_VALUE = 9000;
export const NEW_ACCOUNT = 25000;
export const CODE_DEPOSIT_PER_BYTE = 200;
export const MAX_CODE_SIZE = 24576;
export const MAX_INITCODE_SIZE = 49152;
export const STACK_LIMIT = 1024;
export const CALL_DEPTH_LIMIT = 1024;
/** Offsets or sizes above this cannot be paid for by any gas this engine accepts: treated as out of gas. */
export const MAX_MEMORY_BYTES = 0xffffffff;

/** Total cost of a memory of `words` 32-byte words: 3·w + w²/512. */
export function memoryCost(words: number): number {
  return 3 * words + Math.floor((words * words) / 512);
}

export function wordCount(bytes: number): number {
  return Math.ceil(bytes / 32);
}

/** Per-byte EXP cost of the exponent: 10 before Spurious Dragon (EIP-160), 50 after. */
export function expByteCost(fork: Fork): number {
  return fork >= Fork.SpuriousDragon ? 50 : 10;
}

export function byteLength(value: bigint): number {
  if (value === 0n) return 0;
  return Math.ceil(value.toString(16).length / 2);
}

/** SSTORE gas and refund for one store, per fork and the (original, current, new) values. */
export interface SstoreCost {
  gas: number;
  refund: bigint;
}

export function sstoreCost(fork: Fork, original: bigint, current: bigint, value: bigint, cold: boolean): SstoreCost {
  if (fork < Fork.Constantinople || fork === Fork.Petersburg) {
    if (current === 0n && value !== 0n) return { gas: 20000, refund: 0n };
    if (current !== 0n && value === 0n) return { gas: 5000, refund: 15000n };
    return { gas: 5000, refund: 0n };
  }
  // Net metering: EIP-1283 (Constantinople), EIP-2200 (Istanbul), EIP-2929 (Berlin), EIP-3529 (London).
  const coldCost = fork >= Fork.Berlin && cold ? COLD_SLOAD : 0;
  const sloadGas = fork >= Fork.Berlin ? WARM_ACCESS : fork >= Fork.Istanbul ? 800 : 200;
  const resetGas = fork >= Fork.Berlin ? 5000 - COLD_SLOAD : 5000;
  const clearRefund = fork >= Fork.London ? 4800n : 15000n;
  if (current === value) return { gas: coldCost + sloadGas, refund: 0n };
  if (original === current) {
    if (original === 0n) return { gas: coldCost + 20000, refund: 0n };
    return { gas: coldCost + resetGas, refund: value === 0n ? clearRefund : 0n };
  }
  let refund = 0n;
  if (original !== 0n) {
    if (current === 0n) refund -= clearRefund;
    else if (value === 0n) refund += clearRefund;
  }
  if (original === value) {
    refund += original === 0n ? BigInt(20000 - sloadGas) : BigInt(resetGas - sloadGas);
  }
  return { gas: coldCost + sloadGas, refund };
}
