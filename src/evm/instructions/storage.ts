/** SLOAD, SSTORE (EIP-2200/2929/3529), TLOAD, TSTORE (EIP-1153). */
import { Fork } from "../../forks.js";
import type { Evm } from "../evm.js";
import type { Frame } from "../frame.js";
import { CALL_STIPEND, COLD_SLOAD, sstoreCost, WARM_ACCESS } from "../gas.js";
import { Status } from "../status.js";

const STIPEND = BigInt(CALL_STIPEND);

export function sload(evm: Evm, f: Frame): number {
  const j = evm.journal;
  const a = j.get(f.address);
  const slot = f.stack[f.sp - 1];
  if (evm.fork >= Fork.Berlin) {
    const cost = j.warmSlot(a, slot) ? WARM_ACCESS : COLD_SLOAD;
    if (!f.charge(cost)) return Status.OutOfGas;
  }
  f.stack[f.sp - 1] = j.sload(a, slot);
  return Status.Running;
}

export function sstore(evm: Evm, f: Frame): number {
  if (f.isStatic) return Status.StaticViolation;
  // EIP-2200: SSTORE may not run on the call stipend alone.
  if (evm.fork >= Fork.Istanbul && f.gas <= CALL_STIPEND && f.totalGas() <= STIPEND) return Status.OutOfGas;
  const j = evm.journal;
  const a = j.get(f.address);
  const slot = f.stack[--f.sp];
  const value = f.stack[--f.sp];
  const cold = evm.fork >= Fork.Berlin ? !j.warmSlot(a, slot) : false;
  const current = j.sload(a, slot);
  const original = evm.fork >= Fork.Constantinople ? j.original(a, slot) : 0n;
  const { gas, refund } = sstoreCost(evm.fork, original, current, value, cold);
  if (!f.charge(gas)) return Status.OutOfGas;
  if (refund !== 0n) j.addRefund(refund);
  if (current !== value) j.sstore(a, slot, value);
  return Status.Running;
}

export function tload(evm: Evm, f: Frame): number {
  const j = evm.journal;
  f.stack[f.sp - 1] = j.tload(j.get(f.address), f.stack[f.sp - 1]);
  return Status.Running;
}

export function tstore(evm: Evm, f: Frame): number {
  if (f.isStatic) return Status.StaticViolation;
  const j = evm.journal;
  const slot = f.stack[--f.sp];
  const value = f.stack[--f.sp];
  j.tstore(j.get(f.address), slot, value);
  return Status.Running;
}
