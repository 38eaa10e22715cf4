/**
 * The EVM of one transaction: the block and transaction context, the journal, and message entry and exit
 * (value transfer, precompiles, contract creation, code deposit). The run loop lives in interpreter.ts.
 */
import type { BlockEnv } from "../block/env.js";
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { keccak256 } from "../primitives/keccak.js";
import type { Journal } from "../state/journal.js";
import { Frame } from "./frame.js";
import { CODE_DEPOSIT_PER_BYTE, MAX_CODE_SIZE } from "./gas.js";
import { jumpdests } from "./jumpdest.js";
import type { Log } from "./log.js";
import { precompilesFor } from "./precompiles/index.js";
import type { Precompile } from "./precompiles/types.js";
import { isSuccess, Status } from "./status.js";
import { type InstructionTable, instructionTable } from "./table.js";

const EMPTY = new Uint8Array(0);
/** Allocating a frame (a 1,024-word stack, a memory buffer) per call of every transaction showed in profiles. */
const FRAME_POOL: Frame[] = [];

export interface TxContext {
  origin: Address;
  gasPrice: bigint;
  blobHashes: bigint[];
}

/** Result of the outermost message. */
export interface MessageResult {
  status: Status;
  gasLeft: number;
  output: Uint8Array;
}

export class Evm {
  readonly table: InstructionTable;
  readonly precompiles: ReadonlyArray<Precompile | undefined>;
  /** Frames by depth, shared by every Evm of this thread (one transaction runs at a time per thread). */
  private readonly framePool: Frame[] = FRAME_POOL;
  /** Filled by a message that ends without running code (precompile, empty code, early failure). */
  immediateStatus: Status = Status.Stop;
  immediateGas = 0n;
  immediateOutput: Uint8Array = EMPTY;
  /** The child frame an instruction just entered. */
  pending: Frame | undefined = undefined;

  constructor(
    readonly journal: Journal,
    readonly env: BlockEnv,
    readonly fork: Fork,
    readonly tx: TxContext,
  ) {
    this.table = instructionTable(fork);
    this.precompiles = precompilesFor(fork);
  }

  get logs(): Log[] {
    return this.journal.logs;
  }

  isPrecompile(address: Address): boolean {
    return address > 0n && address < BigInt(this.precompiles.length) && this.precompiles[Number(address)] !== undefined;
  }

  /** The frame at `depth` as it is (the waiting parent of a finished child). */
  frameAt0(depth: number): Frame {
    return this.framePool[depth];
  }

  frameAt(depth: number): Frame {
    let f = this.framePool[depth];
    if (f === undefined) {
      f = new Frame();
      this.framePool[depth] = f;
    }
    f.reset();
    return f;
  }

  /**
   * Enters a message call. Returns the frame to run, or undefined when the call finished at once (its outcome
   * is then in immediateStatus / immediateGas / immediateOutput).
   * `transfer` is false for DELEGATECALL and CALLCODE (no value moves to another account).
   */
  enterCall(
    depth: number,
    caller: Address,
    address: Address,
    codeAddress: Address,
    value: bigint,
    transfer: boolean,
    data: Uint8Array,
    gas: bigint,
    isStatic: boolean,
    touchTarget: boolean,
  ): Frame | undefined {
    const j = this.journal;
    const checkpoint = j.checkpoint();
    const logsLength = j.logs.length;
    if (transfer) {
      const target = j.get(address);
      const precompile = this.isPrecompile(codeAddress);
      if (!target.exists && !precompile && this.fork >= Fork.SpuriousDragon && value === 0n) {
        // Nothing happens: no account is created and nothing is touched.
        return this.finishImmediate(Status.Stop, gas, EMPTY);
      }
      if (!target.exists && this.fork < Fork.SpuriousDragon) j.createEmpty(target);
      if (value !== 0n) {
        const from = j.get(caller);
        j.setBalance(from, from.balance - value);
      }
      j.addBalance(target, value);
    } else if (touchTarget) {
      // STATICCALL touches its target with a zero-value balance change, as clients do.
      const target = j.get(address);
      if (target.exists) j.touch(target);
    }
    const pc = codeAddress > 0n && codeAddress < 32n ? this.precompiles[Number(codeAddress)] : undefined;
    if (pc !== undefined) {
      let r: ReturnType<Precompile>;
      try {
        r = pc(data, gas, this.fork);
      } catch {
        // A library throwing on malformed input is that call's failure, never the engine's.
        r = { success: false, gasUsed: 0n, output: EMPTY };
      }
      if (!r.success || r.gasUsed > gas) {
        j.revert(checkpoint);
        j.logs.length = logsLength;
        return this.finishImmediate(Status.PrecompileFailure, 0n, EMPTY);
      }
      return this.finishImmediate(Status.Return, gas - r.gasUsed, r.output);
    }
    const code = j.get(codeAddress).code;
    if (code.length === 0) return this.finishImmediate(Status.Stop, gas, EMPTY);
    const f = this.frameAt(depth);
    f.caller = caller;
    f.address = address;
    f.codeAddress = codeAddress;
    f.value = value;
    f.data = data;
    this.startFrame(f, code, isStatic, depth, gas, false, checkpoint, logsLength);
    return f;
  }

  private startFrame(
    f: Frame,
    code: Uint8Array,
    isStatic: boolean,
    depth: number,
    gas: bigint,
    isCreate: boolean,
    checkpoint: number,
    logsLength: number,
  ): void {
    f.code = code;
    f.jumpdests = jumpdests(code);
    f.isStatic = isStatic;
    f.depth = depth;
    f.setTotalGas(gas);
    f.isCreate = isCreate;
    f.checkpoint = checkpoint;
    f.logsLength = logsLength;
  }

  /**
   * Enters contract creation at `address` (the caller's nonce is already incremented and the address warmed).
   * Returns the frame running the initcode, or undefined with the immediate outcome filled in.
   */
  enterCreate(
    depth: number,
    caller: Address,
    address: Address,
    value: bigint,
    initcode: Uint8Array,
    gas: bigint,
  ): Frame | undefined {
    const j = this.journal;
    const target = j.get(address);
    if (target.nonce !== 0n || target.code.length !== 0 || this.hasStorage(address)) {
      return this.finishImmediate(Status.CreateCollision, 0n, EMPTY);
    }
    const checkpoint = j.checkpoint();
    const logsLength = j.logs.length;
    j.markCreated(target);
    if (this.fork >= Fork.SpuriousDragon) j.setNonce(target, 1n);
    const from = j.get(caller);
    j.setBalance(from, from.balance - value);
    j.addBalance(target, value);
    const f = this.frameAt(depth);
    f.caller = caller;
    f.address = address;
    f.codeAddress = address;
    f.value = value;
    f.data = EMPTY;
    this.startFrame(f, initcode, false, depth, gas, true, checkpoint, logsLength);
    if (initcode.length === 0) {
      this.exitFrame(f, Status.Stop);
      return undefined;
    }
    return f;
  }

  private hasStorage(address: Address): boolean {
    const a = this.journal.get(address);
    if (!a.storageCleared && this.journal.base.hasStorage(address)) return true;
    for (const v of a.storage.values()) if (v !== 0n) return true;
    return false;
  }

  private finishImmediate(status: Status, gas: bigint, output: Uint8Array): undefined {
    this.immediateStatus = status;
    this.immediateGas = gas;
    this.immediateOutput = output;
    return undefined;
  }

  /**
   * Ends a frame: code deposit for creations, rollback on failure. The outcome lands in the immediate* fields
   * for the parent (or the transaction) to pick up.
   */
  exitFrame(f: Frame, haltStatus: Status): void {
    const j = this.journal;
    let status = haltStatus;
    let gas = f.totalGas();
    let output = status === Status.Return || status === Status.Revert ? f.output : EMPTY;
    if (f.isCreate && isSuccess(status)) {
      const code = output;
      const depositCost = BigInt(code.length * CODE_DEPOSIT_PER_BYTE);
      if (this.fork >= Fork.London && code.length > 0 && code[0] === 0xef) status = Status.InvalidCodePrefix;
      else if (this.fork >= Fork.SpuriousDragon && code.length > MAX_CODE_SIZE) status = Status.CodeSizeExceeded;
      else if (depositCost > gas) {
        // Frontier: running out of gas for the deposit leaves an account without code, and succeeds.
        if (this.fork >= Fork.Homestead) status = Status.OutOfGas;
      } else {
        gas -= depositCost;
        j.setCode(j.get(f.address), code, keccak256(code));
      }
      output = EMPTY;
    }
    if (!isSuccess(status)) {
      j.revert(f.checkpoint);
      j.logs.length = f.logsLength;
      if (status !== Status.Revert) {
        gas = 0n;
        output = EMPTY;
      }
    }
    this.immediateStatus = status;
    this.immediateGas = gas;
    this.immediateOutput = output;
  }
}
