/**
 * Per-fork instruction tables, built once: static gas (-1 = the fork lacks the opcode), stack items taken and
 * the net stack growth. The loop checks stack bounds and static gas from here; opcode bodies never re-check.
 */
import { Fork } from "../forks.js";

export interface InstructionTable {
  readonly gas: Int32Array;
  readonly stackIn: Uint8Array;
  /** Items pushed minus items popped, offset by +16 so it fits unsigned. */
  readonly stackGrow: Int8Array;
}

type Def = [op: number, name: string, gas: number, inputs: number, outputs: number];

const FRONTIER: Def[] = [
  [0x00, "STOP", 0, 0, 0],
  [0x01, "ADD", 3, 2, 1],
  [0x02, "MUL", 5, 2, 1],
  [0x03, "SUB", 3, 2, 1],
  [0x04, "DIV", 5, 2, 1],
  [0x05, "SDIV", 5, 2, 1],
  [0x06, "MOD", 5, 2, 1],
  [0x07, "SMOD", 5, 2, 1],
  [0x08, "ADDMOD", 8, 3, 1],
  [0x09, "MULMOD", 8, 3, 1],
  [0x0a, "EXP", 10, 2, 1],
  [0x0b, "SIGNEXTEND", 5, 2, 1],
  [0x10, "LT", 3, 2, 1],
  [0x11, "GT", 3, 2, 1],
  [0x12, "SLT", 3, 2, 1],
  [0x13, "SGT", 3, 2, 1],
  [0x14, "EQ", 3, 2, 1],
  [0x15, "ISZERO", 3, 1, 1],
  [0x16, "AND", 3, 2, 1],
  [0x17, "OR", 3, 2, 1],
  [0x18, "XOR", 3, 2, 1],
  [0x19, "NOT", 3, 1, 1],
  [0x1a, "BYTE", 3, 2, 1],
  [0x20, "KECCAK256", 30, 2, 1],
  [0x30, "ADDRESS", 2, 0, 1],
  [0x31, "BALANCE", 20, 1, 1],
  [0x32, "ORIGIN", 2, 0, 1],
  [0x33, "CALLER", 2, 0, 1],
  [0x34, "CALLVALUE", 2, 0, 1],
  [0x35, "CALLDATALOAD", 3, 1, 1],
  [0x36, "CALLDATASIZE", 2, 0, 1],
  [0x37, "CALLDATACOPY", 3, 3, 0],
  [0x38, "CODESIZE", 2, 0, 1],
  [0x39, "CODECOPY", 3, 3, 0],
  [0x3a, "GASPRICE", 2, 0, 1],
  [0x3b, "EXTCODESIZE", 20, 1, 1],
  [0x3c, "EXTCODECOPY", 20, 4, 0],
  [0x40, "BLOCKHASH", 20, 1, 1],
  [0x41, "COINBASE", 2, 0, 1],
  [0x42, "TIMESTAMP", 2, 0, 1],
  [0x43, "NUMBER", 2, 0, 1],
  [0x44, "DIFFICULTY", 2, 0, 1],
  [0x45, "GASLIMIT", 2, 0, 1],
  [0x50, "POP", 2, 1, 0],
  [0x51, "MLOAD", 3, 1, 1],
  [0x52, "MSTORE", 3, 2, 0],
  [0x53, "MSTORE8", 3, 2, 0],
  [0x54, "SLOAD", 50, 1, 1],
  [0x55, "SSTORE", 0, 2, 0],
  [0x56, "JUMP", 8, 1, 0],
  [0x57, "JUMPI", 10, 2, 0],
  [0x58, "PC", 2, 0, 1],
  [0x59, "MSIZE", 2, 0, 1],
  [0x5a, "GAS", 2, 0, 1],
  [0x5b, "JUMPDEST", 1, 0, 0],
  [0xa0, "LOG0", 375, 2, 0],
  [0xa1, "LOG1", 750, 3, 0],
  [0xa2, "LOG2", 1125, 4, 0],
  [0xa3, "LOG3", 1500, 5, 0],
  [0xa4, "LOG4", 1875, 6, 0],
  [0xf0, "CREATE", 32000, 3, 1],
  [0xf1, "CALL", 40, 7, 1],
  [0xf2, "CALLCODE", 40, 7, 1],
  [0xf3, "RETURN", 0, 2, 0],
  [0xfe, "INVALID", -1, 0, 0],
  [0xff, "SELFDESTRUCT", 0, 1, 0],
];
for (let i = 0; i < 32; i++) FRONTIER.push([0x60 + i, `PUSH${i + 1}`, 3, 0, 1]);
for (let i = 0; i < 16; i++) FRONTIER.push([0x80 + i, `DUP${i + 1}`, 3, i + 1, i + 2]);
for (let i = 0; i < 16; i++) FRONTIER.push([0x90 + i, `SWAP${i + 1}`, 3, i + 2, i + 2]);

/** What each fork adds or reprices, applied on top of the previous fork's table. */
const CHANGES: Array<[Fork, Def[]]> = [
  [Fork.Homestead, [[0xf4, "DELEGATECALL", 40, 6, 1]]],
  [
    Fork.TangerineWhistle,
    [
      [0x31, "BALANCE", 400, 1, 1],
      [0x3b, "EXTCODESIZE", 700, 1, 1],
      [0x3c, "EXTCODECOPY", 700, 4, 0],
      [0x54, "SLOAD", 200, 1, 1],
      [0xf1, "CALL", 700, 7, 1],
      [0xf2, "CALLCODE", 700, 7, 1],
      [0xf4, "DELEGATECALL", 700, 6, 1],
      [0xff, "SELFDESTRUCT", 5000, 1, 0],
    ],
  ],
  [
    Fork.Byzantium,
    [
      [0x3d, "RETURNDATASIZE", 2, 0, 1],
      [0x3e, "RETURNDATACOPY", 3, 3, 0],
      [0xfa, "STATICCALL", 700, 6, 1],
      [0xfd, "REVERT", 0, 2, 0],
    ],
  ],
  [
    Fork.Constantinople,
    [
      [0x1b, "SHL", 3, 2, 1],
      [0x1c, "SHR", 3, 2, 1],
      [0x1d, "SAR", 3, 2, 1],
      [0x3f, "EXTCODEHASH", 400, 1, 1],
      [0xf5, "CREATE2", 32000, 4, 1],
    ],
  ],
  [
    Fork.Istanbul,
    [
      [0x31, "BALANCE", 700, 1, 1],
      [0x3f, "EXTCODEHASH", 700, 1, 1],
      [0x54, "SLOAD", 800, 1, 1],
      [0x46, "CHAINID", 2, 0, 1],
      [0x47, "SELFBALANCE", 5, 0, 1],
    ],
  ],
  [
    // EIP-2929: account and slot access is priced dynamically (warm 100 / cold 2600 or 2100).
    Fork.Berlin,
    [
      [0x31, "BALANCE", 0, 1, 1],
      [0x3b, "EXTCODESIZE", 0, 1, 1],
      [0x3c, "EXTCODECOPY", 0, 4, 0],
      [0x3f, "EXTCODEHASH", 0, 1, 1],
      [0x54, "SLOAD", 0, 1, 1],
      [0xf1, "CALL", 0, 7, 1],
      [0xf2, "CALLCODE", 0, 7, 1],
      [0xf4, "DELEGATECALL", 0, 6, 1],
      [0xfa, "STATICCALL", 0, 6, 1],
    ],
  ],
  [Fork.London, [[0x48, "BASEFEE", 2, 0, 1]]],
  [Fork.Shanghai, [[0x5f, "PUSH0", 2, 0, 1]]],
  [
    Fork.Cancun,
    [
      [0x49, "BLOBHASH", 3, 1, 1],
      [0x4a, "BLOBBASEFEE", 2, 0, 1],
      [0x5c, "TLOAD", 100, 1, 1],
      [0x5d, "TSTORE", 100, 2, 0],
      [0x5e, "MCOPY", 3, 3, 0],
    ],
  ],
];

export const OPCODE_NAMES: string[] = Array.from({ length: 256 }, (_, i) => `0x${i.toString(16).padStart(2, "0")}`);

function build(defs: Def[]): InstructionTable {
  const gas = new Int32Array(256).fill(-1);
  const stackIn = new Uint8Array(256);
  const stackGrow = new Int8Array(256);
  for (const [op, name, g, inputs, outputs] of defs) {
    gas[op] = g;
    stackIn[op] = inputs;
    stackGrow[op] = outputs - inputs;
    OPCODE_NAMES[op] = name;
  }
  return { gas, stackIn, stackGrow };
}

const TABLES: InstructionTable[] = [];
{
  const merged = new Map<number, Def>();
  for (const d of FRONTIER) merged.set(d[0], d);
  let next = 0;
  for (let fork = Fork.Frontier; fork <= Fork.Cancun; fork++) {
    while (next < CHANGES.length && CHANGES[next][0] === fork) {
      for (const d of CHANGES[next][1]) merged.set(d[0], d);
      next++;
    }
    TABLES[fork] = build([...merged.values()]);
  }
}

export function instructionTable(fork: Fork): InstructionTable {
  return TABLES[fork];
}
