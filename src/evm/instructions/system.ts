/** CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2, SELFDESTRUCT, and resuming after a child. */
import { Fork } from "../../forks.js";
import { ADDRESS_MASK, create2Address, createAddress } from "../../primitives/address.js";
import { keccak256 } from "../../primitives/keccak.js";
import type { Evm } from "../evm.js";
import type { Frame } from "../frame.js";
import { toNumber } from "../frame.js";
import {
  CALL_DEPTH_LIMIT,
  CALL_STIPEND,
  CALL_VALUE,
  COLD_ACCOUNT_ACCESS,
  MAX_INITCODE_SIZE,
  NEW_ACCOUNT,
  WARM_ACCESS,
} from "../gas.js";
import { isSuccess, Status } from "../status.js";

/** Returned by an instruction that pushed a child frame (found in evm.pending). */
export const ENTERED = -1;
const EMPTY = new Uint8Array(0);
const MAX_NONCE = (1n << 64n) - 1n;
const STIPEND = BigInt(CALL_STIPEND);

export enum CallKind {
  Call = 0xf1,
  CallCode = 0xf2,
  DelegateCall = 0xf4,
  StaticCall = 0xfa,
}

/** EIP-2929 account access cost (0 before Berlin: the table's static cost applies). */
export function accessAccount(evm: Evm, address: bigint): number {
  if (evm.fork < Fork.Berlin) return 0;
  return evm.journal.warmAccount(evm.journal.get(address)) ? WARM_ACCESS : COLD_ACCOUNT_ACCESS;
}

export function call(evm: Evm, f: Frame, kind: CallKind): number {
  const s = f.stack;
  const hasValue = kind === CallKind.Call || kind === CallKind.CallCode;
  let sp = f.sp;
  const gasReq = s[--sp];
  const to = s[--sp] & ADDRESS_MASK;
  const value = hasValue ? s[--sp] : 0n;
  const inOffB = s[--sp];
  const inSizeB = s[--sp];
  const outOffB = s[--sp];
  const outSizeB = s[--sp];
  f.sp = sp;
  const inSize = toNumber(inSizeB);
  const outSize = toNumber(outSizeB);
  const inOff = inSize === 0 ? 0 : toNumber(inOffB);
  const outOff = outSize === 0 ? 0 : toNumber(outOffB);
  if (inSize < 0 || outSize < 0 || inOff < 0 || outOff < 0) return Status.OutOfGas;
  if (kind === CallKind.Call && value !== 0n && f.isStatic) return Status.StaticViolation;
  if (!f.expand(inOff, inSize) || !f.expand(outOff, outSize)) return Status.OutOfGas;

  const j = evm.journal;
  let extra = accessAccount(evm, to);
  if (value !== 0n) extra += CALL_VALUE;
  if (kind === CallKind.Call) {
    const target = j.get(to);
    if (evm.fork >= Fork.SpuriousDragon) {
      if (
        value !== 0n &&
        (!target.exists || (target.nonce === 0n && target.balance === 0n && target.code.length === 0))
      )
        extra += NEW_ACCOUNT;
    } else if (!target.exists) {
      extra += NEW_ACCOUNT;
    }
  }
  if (!f.charge(extra)) return Status.OutOfGas;
  const total = f.totalGas();
  let childGas: bigint;
  if (evm.fork >= Fork.TangerineWhistle) {
    const cap = total - total / 64n;
    childGas = gasReq < cap ? gasReq : cap;
  } else {
    if (gasReq > total) return Status.OutOfGas;
    childGas = gasReq;
  }
  f.setTotalGas(total - childGas);
  if (value !== 0n) childGas += STIPEND;

  f.returnData = EMPTY;
  f.retOffset = outOff;
  f.retSize = outSize;
  f.pendingCreate = false;
  if (f.depth + 1 > CALL_DEPTH_LIMIT || (hasValue && j.get(f.address).balance < value)) {
    s[f.sp++] = 0n;
    f.setTotalGas(f.totalGas() + childGas);
    return Status.Running;
  }
  const data = inSize === 0 ? EMPTY : f.memory.slice(inOff, inOff + inSize);
  let child: Frame | undefined;
  switch (kind) {
    case CallKind.Call:
      child = evm.enterCall(f.depth + 1, f.address, to, to, value, true, data, childGas, f.isStatic, false);
      break;
    case CallKind.CallCode:
      child = evm.enterCall(f.depth + 1, f.address, f.address, to, value, false, data, childGas, f.isStatic, false);
      break;
    case CallKind.DelegateCall:
      child = evm.enterCall(f.depth + 1, f.caller, f.address, to, f.value, false, data, childGas, f.isStatic, false);
      break;
    case CallKind.StaticCall:
      child = evm.enterCall(f.depth + 1, f.address, to, to, 0n, false, data, childGas, true, true);
      break;
  }
  if (child !== undefined) {
    evm.pending = child;
    return ENTERED;
  }
  resume(evm, f);
  return Status.Running;
}

export function create(evm: Evm, f: Frame, isCreate2: boolean): number {
  if (f.isStatic) return Status.StaticViolation;
  const s = f.stack;
  const value = s[--f.sp];
  const offB = s[--f.sp];
  const sizeB = s[--f.sp];
  const salt = isCreate2 ? s[--f.sp] : 0n;
  const size = toNumber(sizeB);
  const off = size === 0 ? 0 : toNumber(offB);
  if (size < 0 || off < 0) return Status.OutOfGas;
  if (!f.expand(off, size)) return Status.OutOfGas;
  const words = Math.ceil(size / 32);
  let cost = 0;
  if (evm.fork >= Fork.Shanghai) {
    if (size > MAX_INITCODE_SIZE) return Status.OutOfGas;
    cost += 2 * words;
  }
  if (isCreate2) cost += 6 * words;
  if (!f.charge(cost)) return Status.OutOfGas;

  const initcode = f.memory.slice(off, off + size);
  const total = f.totalGas();
  const childGas = evm.fork >= Fork.TangerineWhistle ? total - total / 64n : total;
  f.setTotalGas(total - childGas);
  f.returnData = EMPTY;
  f.pendingCreate = true;
  const j = evm.journal;
  const sender = j.get(f.address);
  if (f.depth + 1 > CALL_DEPTH_LIMIT || sender.balance < value || sender.nonce >= MAX_NONCE) {
    s[f.sp++] = 0n;
    f.setTotalGas(f.totalGas() + childGas);
    f.pendingCreate = false;
    return Status.Running;
  }
  const address = isCreate2
    ? create2Address(f.address, salt, keccak256(initcode))
    : createAddress(f.address, sender.nonce);
  j.setNonce(sender, sender.nonce + 1n);
  if (evm.fork >= Fork.Berlin) j.warmAccount(j.get(address));
  f.createdAddress = address;
  const child = evm.enterCreate(f.depth + 1, f.address, address, value, initcode, childGas);
  if (child !== undefined) {
    evm.pending = child;
    return ENTERED;
  }
  resume(evm, f);
  return Status.Running;
}

/** Applies the outcome in evm.immediate* to the waiting parent frame `f`. */
export function resume(evm: Evm, f: Frame): void {
  const status = evm.immediateStatus;
  const output = evm.immediateOutput;
  f.setTotalGas(f.totalGas() + evm.immediateGas);
  if (f.pendingCreate) {
    f.pendingCreate = false;
    f.stack[f.sp++] = isSuccess(status) ? f.createdAddress : 0n;
    f.returnData = status === Status.Revert ? output : EMPTY;
    return;
  }
  f.stack[f.sp++] = isSuccess(status) ? 1n : 0n;
  f.returnData = output;
  const n = Math.min(f.retSize, output.length);
  if (n > 0) f.memory.set(output.subarray(0, n), f.retOffset);
}

export function selfDestruct(evm: Evm, f: Frame): number {
  if (f.isStatic) return Status.StaticViolation;
  const beneficiaryAddr = f.stack[--f.sp] & ADDRESS_MASK;
  const j = evm.journal;
  const self = j.get(f.address);
  const beneficiary = j.get(beneficiaryAddr);
  let cost = 0;
  if (evm.fork >= Fork.Berlin && !j.warmAccount(beneficiary)) cost += COLD_ACCOUNT_ACCESS;
  if (evm.fork >= Fork.SpuriousDragon) {
    const alive =
      beneficiary.exists && !(beneficiary.nonce === 0n && beneficiary.balance === 0n && beneficiary.code.length === 0);
    if (!alive && self.balance !== 0n) cost += NEW_ACCOUNT;
  } else if (evm.fork >= Fork.TangerineWhistle && !beneficiary.exists) {
    cost += NEW_ACCOUNT;
  }
  if (!f.charge(cost)) return Status.OutOfGas;
  if (evm.fork < Fork.London && !self.selfDestructed) j.addRefund(24000n);
  const balance = self.balance;
  if (evm.fork >= Fork.Cancun) {
    // EIP-6780: only a contract created in this transaction is destroyed; otherwise only its balance moves.
    j.setBalance(self, 0n);
    j.addBalance(beneficiary, balance);
    if (self.createdInTx) {
      j.setBalance(self, 0n);
      j.markSelfDestructed(self);
    }
  } else {
    j.addBalance(beneficiary, balance);
    j.setBalance(self, 0n);
    j.markSelfDestructed(self);
  }
  return Status.Stop;
}
