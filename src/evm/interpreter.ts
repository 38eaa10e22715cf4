/**
 * The run loop: one switch over the current frame's code. CALL and CREATE switch frames on an explicit stack
 * (the frame pool in Evm) instead of recursing, so depth 1024 never meets the JavaScript stack limit.
 * Never awaits, never does I/O.
 */
import { Fork } from "../forks.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { byteAt, exp, MAX_U256, sar, sdiv, shl, shr, signExtend, slt, smod } from "../primitives/word.js";
import type { Evm } from "./evm.js";
import type { Frame } from "./frame.js";
import { toNumber } from "./frame.js";
import { byteLength, expByteCost } from "./gas.js";
import { accountQuery, blobHash, blockHash, copy, keccakOp, log } from "./instructions/environment.js";
import { sload, sstore, tload, tstore } from "./instructions/storage.js";
import { CallKind, call, create, ENTERED, resume, selfDestruct } from "./instructions/system.js";
import { loadWordPadded, readWord, writeWord } from "./memory.js";
import { Status } from "./status.js";

/**
 * Runs `entry` (and every frame it calls) to completion. The outcome of `entry` is left in
 * evm.immediateStatus / immediateGas / immediateOutput.
 */
export function run(evm: Evm, entry: Frame): void {
  const baseDepth = entry.depth;
  const table = evm.table;
  const gasTable = table.gas;
  const stackIn = table.stackIn;
  const stackGrow = table.stackGrow;
  const fork = evm.fork;
  let f = entry;
  let code = f.code;
  let s = f.stack;
  for (;;) {
    let status: number = Status.Running;
    while (status === Status.Running) {
      if (f.pc >= code.length) {
        status = Status.Stop;
        break;
      }
      const op = code[f.pc];
      const cost = gasTable[op];
      if (cost < 0) {
        status = Status.InvalidOpcode;
        break;
      }
      if (f.sp < stackIn[op]) {
        status = Status.StackUnderflow;
        break;
      }
      if (f.sp + stackGrow[op] > 1024) {
        status = Status.StackOverflow;
        break;
      }
      if (cost > f.gas && !f.refill(cost)) {
        status = Status.OutOfGas;
        break;
      }
      f.gas -= cost;
      f.pc++;
      switch (op) {
        case 0x00:
          status = Status.Stop;
          break;
        case 0x01: {
          const a = s[--f.sp];
          s[f.sp - 1] = (a + s[f.sp - 1]) & MAX_U256;
          break;
        }
        case 0x02: {
          const a = s[--f.sp];
          s[f.sp - 1] = (a * s[f.sp - 1]) & MAX_U256;
          break;
        }
        case 0x03: {
          const a = s[--f.sp];
          s[f.sp - 1] = (a - s[f.sp - 1]) & MAX_U256;
          break;
        }
        case 0x04: {
          const a = s[--f.sp];
          const b = s[f.sp - 1];
          s[f.sp - 1] = b === 0n ? 0n : a / b;
          break;
        }
        case 0x05: {
          const a = s[--f.sp];
          s[f.sp - 1] = sdiv(a, s[f.sp - 1]);
          break;
        }
        case 0x06: {
          const a = s[--f.sp];
          const b = s[f.sp - 1];
          s[f.sp - 1] = b === 0n ? 0n : a % b;
          break;
        }
        case 0x07: {
          const a = s[--f.sp];
          s[f.sp - 1] = smod(a, s[f.sp - 1]);
          break;
        }
        case 0x08: {
          const a = s[--f.sp];
          const b = s[--f.sp];
          const n = s[f.sp - 1];
          s[f.sp - 1] = n === 0n ? 0n : (a + b) % n;
          break;
        }
        case 0x09: {
          const a = s[--f.sp];
          const b = s[--f.sp];
          const n = s[f.sp - 1];
          s[f.sp - 1] = n === 0n ? 0n : (a * b) % n;
          break;
        }
        case 0x0a: {
          const base = s[--f.sp];
          const e = s[f.sp - 1];
          const dyn = byteLength(e) * expByteCost(fork);
          if (!f.charge(dyn)) {
            status = Status.OutOfGas;
            break;
          }
          s[f.sp - 1] = exp(base, e);
          break;
        }
        case 0x0b: {
          const b = s[--f.sp];
          s[f.sp - 1] = signExtend(b, s[f.sp - 1]);
          break;
        }
        case 0x10: {
          const a = s[--f.sp];
          s[f.sp - 1] = a < s[f.sp - 1] ? 1n : 0n;
          break;
        }
        case 0x11: {
          const a = s[--f.sp];
          s[f.sp - 1] = a > s[f.sp - 1] ? 1n : 0n;
          break;
        }
        case 0x12: {
          const a = s[--f.sp];
          s[f.sp - 1] = slt(a, s[f.sp - 1]) ? 1n : 0n;
          break;
        }
        case 0x13: {
          const a = s[--f.sp];
          s[f.sp - 1] = slt(s[f.sp - 1], a) ? 1n : 0n;
          break;
        }
        case 0x14: {
          const a = s[--f.sp];
          s[f.sp - 1] = a === s[f.sp - 1] ? 1n : 0n;
          break;
        }
        case 0x15:
          s[f.sp - 1] = s[f.sp - 1] === 0n ? 1n : 0n;
          break;
        case 0x16: {
          const a = s[--f.sp];
          s[f.sp - 1] = a & s[f.sp - 1];
          break;
        }
        case 0x17: {
          const a = s[--f.sp];
          s[f.sp - 1] = a | s[f.sp - 1];
          break;
        }
        case 0x18: {
          const a = s[--f.sp];
          s[f.sp - 1] = a ^ s[f.sp - 1];
          break;
        }
        case 0x19:
          s[f.sp - 1] = MAX_U256 ^ s[f.sp - 1];
          break;
        case 0x1a: {
          const i = s[--f.sp];
          s[f.sp - 1] = byteAt(i, s[f.sp - 1]);
          break;
        }
        case 0x1b: {
          const sh = s[--f.sp];
          s[f.sp - 1] = shl(sh, s[f.sp - 1]);
          break;
        }
        case 0x1c: {
          const sh = s[--f.sp];
          s[f.sp - 1] = shr(sh, s[f.sp - 1]);
          break;
        }
        case 0x1d: {
          const sh = s[--f.sp];
          s[f.sp - 1] = sar(sh, s[f.sp - 1]);
          break;
        }
        case 0x20:
          status = keccakOp(f);
          break;
        case 0x30:
          s[f.sp++] = f.address;
          break;
        case 0x31:
        case 0x3b:
        case 0x3f:
          status = accountQuery(evm, f, op);
          break;
        case 0x32:
          s[f.sp++] = evm.tx.origin;
          break;
        case 0x33:
          s[f.sp++] = f.caller;
          break;
        case 0x34:
          s[f.sp++] = f.value;
          break;
        case 0x35:
          s[f.sp - 1] = loadWordPadded(f.data, s[f.sp - 1]);
          break;
        case 0x36:
          s[f.sp++] = BigInt(f.data.length);
          break;
        case 0x37:
        case 0x39:
        case 0x3c:
        case 0x3e:
        case 0x5e:
          status = copy(evm, f, op);
          break;
        case 0x38:
          s[f.sp++] = BigInt(code.length);
          break;
        case 0x3a:
          s[f.sp++] = evm.tx.gasPrice;
          break;
        case 0x3d:
          s[f.sp++] = BigInt(f.returnData.length);
          break;
        case 0x40:
          s[f.sp - 1] = blockHash(evm, s[f.sp - 1]);
          break;
        case 0x41:
          s[f.sp++] = evm.env.coinbase;
          break;
        case 0x42:
          s[f.sp++] = evm.env.timestamp;
          break;
        case 0x43:
          s[f.sp++] = evm.env.number;
          break;
        case 0x44:
          s[f.sp++] = fork >= Fork.Paris ? evm.env.prevRandao : evm.env.difficulty;
          break;
        case 0x45:
          s[f.sp++] = evm.env.gasLimit;
          break;
        case 0x46:
          s[f.sp++] = evm.env.chainId;
          break;
        case 0x47:
          s[f.sp++] = evm.journal.get(f.address).balance;
          break;
        case 0x48:
          s[f.sp++] = evm.env.baseFee;
          break;
        case 0x49:
          s[f.sp - 1] = blobHash(evm, s[f.sp - 1]);
          break;
        case 0x4a:
          s[f.sp++] = evm.env.blobBaseFee;
          break;
        case 0x50:
          f.sp--;
          break;
        case 0x51: {
          const off = toNumber(s[f.sp - 1]);
          if (off < 0 || !f.expand(off, 32)) {
            status = Status.OutOfGas;
            break;
          }
          s[f.sp - 1] = readWord(f.memory, off);
          break;
        }
        case 0x52: {
          const off = toNumber(s[--f.sp]);
          const v = s[--f.sp];
          if (off < 0 || !f.expand(off, 32)) {
            status = Status.OutOfGas;
            break;
          }
          writeWord(f.memory, off, v);
          break;
        }
        case 0x53: {
          const off = toNumber(s[--f.sp]);
          const v = s[--f.sp];
          if (off < 0 || !f.expand(off, 1)) {
            status = Status.OutOfGas;
            break;
          }
          f.memory[off] = Number(v & 0xffn);
          break;
        }
        case 0x54:
          status = sload(evm, f);
          break;
        case 0x55:
          status = sstore(evm, f);
          break;
        case 0x56: {
          const dest = s[--f.sp];
          if (dest >= BigInt(code.length) || f.jumpdests[Number(dest)] !== 1) {
            status = Status.InvalidJump;
            break;
          }
          f.pc = Number(dest);
          break;
        }
        case 0x57: {
          const dest = s[--f.sp];
          const cond = s[--f.sp];
          if (cond !== 0n) {
            if (dest >= BigInt(code.length) || f.jumpdests[Number(dest)] !== 1) {
              status = Status.InvalidJump;
              break;
            }
            f.pc = Number(dest);
          }
          break;
        }
        case 0x58:
          s[f.sp++] = BigInt(f.pc - 1);
          break;
        case 0x59:
          s[f.sp++] = BigInt(f.memSize);
          break;
        case 0x5a:
          s[f.sp++] = f.totalGas();
          break;
        case 0x5b:
          break;
        case 0x5c:
          status = tload(evm, f);
          break;
        case 0x5d:
          status = tstore(evm, f);
          break;
        case 0x5f:
          s[f.sp++] = 0n;
          break;
        case 0xa0:
        case 0xa1:
        case 0xa2:
        case 0xa3:
        case 0xa4:
          status = log(evm, f, op - 0xa0);
          break;
        case 0xf0:
          status = create(evm, f, false);
          break;
        case 0xf5:
          status = create(evm, f, true);
          break;
        case 0xf1:
          status = call(evm, f, CallKind.Call);
          break;
        case 0xf2:
          status = call(evm, f, CallKind.CallCode);
          break;
        case 0xf4:
          status = call(evm, f, CallKind.DelegateCall);
          break;
        case 0xfa:
          status = call(evm, f, CallKind.StaticCall);
          break;
        case 0xf3:
        case 0xfd: {
          const offB = s[--f.sp];
          const size = toNumber(s[--f.sp]);
          const off = size === 0 ? 0 : toNumber(offB);
          if (size < 0 || off < 0 || !f.expand(off, size)) {
            status = Status.OutOfGas;
            break;
          }
          f.output = f.memory.slice(off, off + size);
          status = op === 0xf3 ? Status.Return : Status.Revert;
          break;
        }
        case 0xff:
          status = selfDestruct(evm, f);
          break;
        default:
          if (op >= 0x60 && op <= 0x7f) {
            const n = op - 0x5f;
            const start = f.pc;
            const end = start + n;
            let v: bigint;
            if (n <= 6 && end <= code.length) {
              let x = 0;
              for (let i = start; i < end; i++) x = x * 256 + code[i];
              v = BigInt(x);
            } else if (end <= code.length) {
              v = bytesToBigInt(code.subarray(start, end));
            } else {
              // Push data running past the end of code reads as zeros.
              const buf = new Uint8Array(n);
              buf.set(code.subarray(start, Math.min(end, code.length)));
              v = bytesToBigInt(buf);
            }
            s[f.sp++] = v;
            f.pc = end;
          } else if (op >= 0x80 && op <= 0x8f) {
            s[f.sp] = s[f.sp - (op - 0x7f)];
            f.sp++;
          } else if (op >= 0x90 && op <= 0x9f) {
            const i = f.sp - 2 - (op - 0x90);
            const top = s[f.sp - 1];
            s[f.sp - 1] = s[i];
            s[i] = top;
          } else {
            status = Status.InvalidOpcode;
          }
      }
    }
    if (status === ENTERED) {
      f = evm.pending as Frame;
      code = f.code;
      s = f.stack;
      continue;
    }
    evm.exitFrame(f, status as Status);
    if (f.depth === baseDepth) return;
    f = evm.frameAt0(f.depth - 1);
    resume(evm, f);
    code = f.code;
    s = f.stack;
  }
}
