/** Instructions that read accounts and the block: BALANCE, EXTCODE*, BLOCKHASH, copies, LOG. */
import { ADDRESS_MASK } from "../../primitives/address.js";
import { bytesToBigInt } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import type { Evm } from "../evm.js";
import type { Frame } from "../frame.js";
import { toNumber } from "../frame.js";
import { copyPadded } from "../memory.js";
import { Status } from "../status.js";
import { accessAccount } from "./system.js";

function isEmpty(a: { nonce: bigint; balance: bigint; code: Uint8Array }): boolean {
  return a.nonce === 0n && a.balance === 0n && a.code.length === 0;
}

/** BALANCE, EXTCODESIZE, EXTCODEHASH: replace the address on top of the stack with the account's field. */
export function accountQuery(evm: Evm, f: Frame, op: number): number {
  const address = f.stack[f.sp - 1] & ADDRESS_MASK;
  const cost = accessAccount(evm, address);
  if (!f.charge(cost)) return Status.OutOfGas;
  const a = evm.journal.get(address);
  let result: bigint;
  if (op === 0x31) result = a.balance;
  else if (op === 0x3b) result = BigInt(a.code.length);
  else result = !a.exists || isEmpty(a) ? 0n : bytesToBigInt(a.codeHash);
  f.stack[f.sp - 1] = result;
  return Status.Running;
}

/** CALLDATACOPY, CODECOPY, RETURNDATACOPY, EXTCODECOPY, MCOPY: memory expansion plus 3 gas a word. */
export function copy(evm: Evm, f: Frame, op: number): number {
  const s = f.stack;
  let source: Uint8Array;
  if (op === 0x3c) {
    const address = s[--f.sp] & ADDRESS_MASK;
    const cost = accessAccount(evm, address);
    if (!f.charge(cost)) return Status.OutOfGas;
    source = evm.journal.get(address).code;
  } else if (op === 0x37) source = f.data;
  else if (op === 0x39) source = f.code;
  else if (op === 0x3e) source = f.returnData;
  else source = f.memory;
  const memOffB = s[--f.sp];
  const srcOffB = s[--f.sp];
  const sizeB = s[--f.sp];
  const size = toNumber(sizeB);
  if (size < 0) return Status.OutOfGas;
  const copyCost = 3 * Math.ceil(size / 32);
  if (!f.charge(copyCost)) return Status.OutOfGas;
  if (op === 0x3e && srcOffB + sizeB > BigInt(source.length)) return Status.ReturnDataOutOfBounds;
  if (size === 0) return Status.Running;
  const memOff = toNumber(memOffB);
  if (memOff < 0) return Status.OutOfGas;
  if (op === 0x5e) {
    const srcOff = toNumber(srcOffB);
    if (srcOff < 0 || !f.expand(Math.max(memOff, srcOff), size)) return Status.OutOfGas;
    f.memory.copyWithin(memOff, srcOff, srcOff + size);
    return Status.Running;
  }
  if (!f.expand(memOff, size)) return Status.OutOfGas;
  copyPadded(f.memory, memOff, source, srcOffB, size);
  return Status.Running;
}

export function keccakOp(f: Frame): number {
  const offB = f.stack[--f.sp];
  const sizeB = f.stack[f.sp - 1];
  const size = toNumber(sizeB);
  if (size < 0) return Status.OutOfGas;
  const cost = 6 * Math.ceil(size / 32);
  if (!f.charge(cost)) return Status.OutOfGas;
  const off = size === 0 ? 0 : toNumber(offB);
  if (off < 0 || !f.expand(off, size)) return Status.OutOfGas;
  f.stack[f.sp - 1] = bytesToBigInt(keccak256(f.memory.subarray(off, off + size)));
  return Status.Running;
}

export function log(evm: Evm, f: Frame, topicCount: number): number {
  if (f.isStatic) return Status.StaticViolation;
  const s = f.stack;
  const offB = s[--f.sp];
  const sizeB = s[--f.sp];
  const size = toNumber(sizeB);
  if (size < 0) return Status.OutOfGas;
  const cost = 8 * size;
  if (!f.charge(cost)) return Status.OutOfGas;
  const off = size === 0 ? 0 : toNumber(offB);
  if (off < 0 || !f.expand(off, size)) return Status.OutOfGas;
  const topics: bigint[] = [];
  for (let i = 0; i < topicCount; i++) topics.push(s[--f.sp]);
  evm.journal.logs.push({ address: f.address, topics, data: f.memory.slice(off, off + size) });
  return Status.Running;
}

export function blockHash(evm: Evm, n: bigint): bigint {
  const current = evm.env.number;
  if (n >= current || n + 256n < current) return 0n;
  return evm.journal.base.blockHash(n);
}

export function blobHash(evm: Evm, index: bigint): bigint {
  const hashes = evm.tx.blobHashes;
  return index < BigInt(hashes.length) ? hashes[Number(index)] : 0n;
}
