/** One call frame: its message, stack, memory and program counter. Frames are pooled per depth and reused. */
import { MAX_MEMORY_BYTES, memoryCost } from "./gas.js";

const EMPTY = new Uint8Array(0);
/** Largest gas amount kept in the number part of a frame's gas (exact in a double, with room for additions). */
export const GAS_CHUNK = 2 ** 52;
const GAS_CHUNK_BIG = BigInt(GAS_CHUNK);

export class Frame {
  readonly stack: bigint[] = new Array<bigint>(1024).fill(0n);
  sp = 0;
  pc = 0;
  /** Gas left is gas + gasReserve: the number part stays exact (<= 2^52); the rare rest waits in the bigint. */
  gas = 0;
  gasReserve = 0n;
  memory: Uint8Array = new Uint8Array(1024);
  /** Active memory size in bytes, always a multiple of 32. */
  memSize = 0;
  returnData: Uint8Array = EMPTY;
  output: Uint8Array = EMPTY;

  // The message.
  caller = 0n;
  /** Storage and balance context (the current target). */
  address = 0n;
  /** Where the code came from (differs from address for CALLCODE/DELEGATECALL). */
  codeAddress = 0n;
  value = 0n;
  data: Uint8Array = EMPTY;
  code: Uint8Array = EMPTY;
  jumpdests: Uint8Array = EMPTY;
  isStatic = false;
  depth = 0;

  // How this frame's own exit is handled.
  isCreate = false;
  checkpoint = 0;
  logsLength = 0;
  // The child operation this frame waits on: where CALL output goes, or the address CREATE makes.
  retOffset = 0;
  retSize = 0;
  pendingCreate = false;
  createdAddress = 0n;

  reset(): void {
    if (this.memSize > 0) this.memory.fill(0, 0, this.memSize);
    this.memSize = 0;
    this.sp = 0;
    this.pc = 0;
    this.returnData = EMPTY;
    this.output = EMPTY;
    this.gasReserve = 0n;
  }

  /** Deducts `cost`; false (and nothing deducted) when the frame has less gas than that. */
  charge(cost: number): boolean {
    if (cost > this.gas && !this.refill(cost)) return false;
    this.gas -= cost;
    return true;
  }

  /** Moves gas from the reserve into the number part until `cost` fits; false if it never can. */
  refill(cost: number): boolean {
    if (this.gasReserve === 0n) return false;
    const total = BigInt(this.gas) + this.gasReserve;
    if (BigInt(cost) > total) return false;
    this.setTotalGas(total);
    return cost <= this.gas;
  }

  totalGas(): bigint {
    return this.gasReserve === 0n ? BigInt(this.gas) : BigInt(this.gas) + this.gasReserve;
  }

  setTotalGas(total: bigint): void {
    if (total <= GAS_CHUNK_BIG) {
      this.gas = Number(total);
      this.gasReserve = 0n;
    } else {
      this.gas = GAS_CHUNK;
      this.gasReserve = total - GAS_CHUNK_BIG;
    }
  }

  /**
   * Charges for and performs memory expansion to cover [offset, offset+size). Returns false when out of gas.
   * A zero size never expands, whatever the offset.
   */
  expand(offset: number, size: number): boolean {
    if (size === 0) return true;
    const end = offset + size;
    if (offset < 0 || end > MAX_MEMORY_BYTES) return false;
    if (end <= this.memSize) return true;
    const oldWords = this.memSize >>> 5;
    const newWords = Math.ceil(end / 32);
    const cost = memoryCost(newWords) - memoryCost(oldWords);
    if (!this.charge(cost)) return false;
    const newSize = newWords * 32;
    if (newSize > this.memory.length) {
      let cap = this.memory.length * 2;
      while (cap < newSize) cap *= 2;
      const grown = new Uint8Array(cap);
      grown.set(this.memory.subarray(0, this.memSize));
      this.memory = grown;
    }
    this.memSize = newSize;
    return true;
  }
}

/** A stack value as a memory offset or size: -1 when it cannot possibly be paid for. */
export function toNumber(v: bigint): number {
  return v > 0xffffffffn ? -1 : Number(v);
}
