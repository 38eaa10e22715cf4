/**
 * Test harness: a tiny assembler, and two ways to run raw bytecode as a contract.
 *
 * - runCode: builds a Journal and an Evm directly and enters the contract with evm.enterCall + run, so gas is
 *   exactly the frame's gas (no intrinsic cost) and the journal, the frame and the transient storage can be
 *   inspected afterwards.
 * - runTx: signs a real transaction and goes through executeTransaction (intrinsic gas, refunds, fees, diff).
 *
 * Used by tests only; never imported by the engine.
 */
import type { BlockEnv } from "../block/env.js";
import type { TxOutcome, ValidTxOutcome } from "../block/outcome.js";
import { executeTransaction } from "../block/transaction.js";
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { bytesToBigInt, hexToBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { Journal } from "../state/journal.js";
import { MemoryDatabase } from "../state/memory.js";
import type { StateChanges } from "../state/types.js";
import { privateKeyToAddress, signTransaction } from "../tx/sign.js";
import { Evm } from "./evm.js";
import type { Frame } from "./frame.js";
import { run } from "./interpreter.js";
import { STATUS_NAMES, type Status } from "./status.js";

// ---------------------------------------------------------------------------------------------------------
// Assembler
// ---------------------------------------------------------------------------------------------------------

const NAMES: Record<string, number> = {
  STOP: 0x00,
  ADD: 0x01,
  MUL: 0x02,
  SUB: 0x03,
  DIV: 0x04,
  SDIV: 0x05,
  MOD: 0x06,
  SMOD: 0x07,
  ADDMOD: 0x08,
  MULMOD: 0x09,
  EXP: 0x0a,
  SIGNEXTEND: 0x0b,
  LT: 0x10,
  GT: 0x11,
  SLT: 0x12,
  SGT: 0x13,
  EQ: 0x14,
  ISZERO: 0x15,
  AND: 0x16,
  OR: 0x17,
  XOR: 0x18,
  NOT: 0x19,
  BYTE: 0x1a,
  SHL: 0x1b,
  SHR: 0x1c,
  SAR: 0x1d,
  KECCAK256: 0x20,
  ADDRESS: 0x30,
  BALANCE: 0x31,
  ORIGIN: 0x32,
  CALLER: 0x33,
  CALLVALUE: 0x34,
  CALLDATALOAD: 0x35,
  CALLDATASIZE: 0x36,
  CALLDATACOPY: 0x37,
  CODESIZE: 0x38,
  CODECOPY: 0x39,
  GASPRICE: 0x3a,
  EXTCODESIZE: 0x3b,
  EXTCODECOPY: 0x3c,
  RETURNDATASIZE: 0x3d,
  RETURNDATACOPY: 0x3e,
  EXTCODEHASH: 0x3f,
  BLOCKHASH: 0x40,
  COINBASE: 0x41,
  TIMESTAMP: 0x42,
  NUMBER: 0x43,
  PREVRANDAO: 0x44,
  GASLIMIT: 0x45,
  CHAINID: 0x46,
  SELFBALANCE: 0x47,
  BASEFEE: 0x48,
  BLOBHASH: 0x49,
  BLOBBASEFEE: 0x4a,
  POP: 0x50,
  MLOAD: 0x51,
  MSTORE: 0x52,
  MSTORE8: 0x53,
  SLOAD: 0x54,
  SSTORE: 0x55,
  JUMP: 0x56,
  JUMPI: 0x57,
  PC: 0x58,
  MSIZE: 0x59,
  GAS: 0x5a,
  JUMPDEST: 0x5b,
  TLOAD: 0x5c,
  TSTORE: 0x5d,
  MCOPY: 0x5e,
  PUSH0: 0x5f,
  LOG0: 0xa0,
  LOG1: 0xa1,
  LOG2: 0xa2,
  LOG3: 0xa3,
  LOG4: 0xa4,
  CREATE: 0xf0,
  CALL: 0xf1,
  CALLCODE: 0xf2,
  RETURN: 0xf3,
  DELEGATECALL: 0xf4,
  CREATE2: 0xf5,
  STATICCALL: 0xfa,
  REVERT: 0xfd,
  INVALID: 0xfe,
  SELFDESTRUCT: 0xff,
};
for (let i = 1; i <= 32; i++) NAMES[`PUSH${i}`] = 0x5f + i;
for (let i = 1; i <= 16; i++) {
  NAMES[`DUP${i}`] = 0x7f + i;
  NAMES[`SWAP${i}`] = 0x8f + i;
}

function parseValue(token: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(token)) throw new Error(`asm: bad immediate ${JSON.stringify(token)}`);
  return BigInt(token);
}

function bigToBytes(v: bigint, n: number): number[] {
  const out: number[] = new Array(n).fill(0);
  let x = v;
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new Error(`asm: ${v} does not fit in ${n} bytes`);
  return out;
}

/**
 * Assembles whitespace-separated mnemonics:
 * - `PUSHn v` pushes v (decimal or 0x-hex) in exactly n bytes; `PUSH v` picks the smallest n >= 1;
 * - `name:` marks a label (emits nothing; write JUMPDEST yourself), `@name` pushes its offset as PUSH2;
 * - `raw:0x...` emits bytes as they are (e.g. a truncated PUSH at the end of code);
 * - `;` starts a comment running to the end of the line.
 */
export function asm(source: string): Uint8Array {
  const tokens = source
    .split("\n")
    .map((line) => line.replace(/;.*$/, ""))
    .join(" ")
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const out: number[] = [];
  const labels = new Map<string, number>();
  const fixups: Array<[at: number, label: string]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.endsWith(":") && !t.startsWith("raw:")) {
      labels.set(t.slice(0, -1), out.length);
    } else if (t.startsWith("@")) {
      out.push(0x61);
      fixups.push([out.length, t.slice(1)]);
      out.push(0, 0);
    } else if (t.startsWith("raw:")) {
      out.push(...hexToBytes(t.slice(4)));
    } else if (t.toUpperCase() === "PUSH") {
      const v = parseValue(tokens[++i] ?? "");
      let n = 1;
      while (v >> BigInt(8 * n) !== 0n) n++;
      out.push(0x5f + n, ...bigToBytes(v, n));
    } else {
      const op = NAMES[t.toUpperCase()];
      if (op === undefined) throw new Error(`asm: unknown mnemonic ${JSON.stringify(t)}`);
      out.push(op);
      if (op >= 0x60 && op <= 0x7f) out.push(...bigToBytes(parseValue(tokens[++i] ?? ""), op - 0x5f));
    }
  }
  for (const [at, label] of fixups) {
    const target = labels.get(label);
    if (target === undefined) throw new Error(`asm: unknown label ${label}`);
    out[at] = target >> 8;
    out[at + 1] = target & 0xff;
  }
  return Uint8Array.from(out);
}

/** Appended to a program: stores the top of the stack at memory 0 and returns that word. */
export const RETURN_TOP = "PUSH0 MSTORE PUSH1 32 PUSH0 RETURN";

/** The output of a frame read as one big-endian word. */
export function word(output: Uint8Array): bigint {
  return bytesToBigInt(output);
}

// ---------------------------------------------------------------------------------------------------------
// State and environment
// ---------------------------------------------------------------------------------------------------------

/** The well-known test key (0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b). */
export const SENDER_KEY = hexToBytes("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
export const SENDER: Address = privateKeyToAddress(SENDER_KEY);
/** Where runCode / runTx put the code under test. */
export const CONTRACT: Address = 0xc0de000000000000000000000000000000000001n;
export const COINBASE: Address = 0xc014ba5e00000000000000000000000000000000n;
export const SENDER_BALANCE = 10n ** 30n;

export interface AccountSpec {
  nonce?: bigint;
  balance?: bigint;
  code?: Uint8Array;
  storage?: Array<[slot: bigint, value: bigint]>;
}

/** A MemoryDatabase with a funded SENDER and the given accounts. */
export function makeState(accounts: Iterable<[Address, AccountSpec]> = []): MemoryDatabase {
  const db = new MemoryDatabase();
  db.setAccount(SENDER, {
    nonce: 0n,
    balance: SENDER_BALANCE,
    code: new Uint8Array(0),
    codeHash: keccak256(new Uint8Array(0)),
  });
  for (const [address, spec] of accounts) {
    const code = spec.code ?? new Uint8Array(0);
    db.setAccount(address, { nonce: spec.nonce ?? 0n, balance: spec.balance ?? 0n, code, codeHash: keccak256(code) });
    for (const [slot, value] of spec.storage ?? []) db.setStorage(address, slot, value);
  }
  return db;
}

export function makeEnv(overrides: Partial<BlockEnv> = {}): BlockEnv {
  return {
    chainId: 1n,
    number: 1000n,
    timestamp: 1_700_000_000n,
    coinbase: COINBASE,
    gasLimit: 1_000_000_000_000n,
    baseFee: 7n,
    prevRandao: 0x1234n,
    difficulty: 0n,
    blobBaseFee: 1n,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Direct runs (Journal + Evm + run)
// ---------------------------------------------------------------------------------------------------------

export interface RunOptions {
  /** Gas given to the contract's frame (no intrinsic gas is taken). Default 1,000,000. */
  gas?: bigint;
  fork?: Fork;
  value?: bigint;
  data?: Uint8Array;
  /** Run the entry frame as if inside STATICCALL. */
  isStatic?: boolean;
  /** The contract's own balance, nonce and storage (its code is the code under test). */
  contract?: Omit<AccountSpec, "code">;
  /** Further accounts. */
  accounts?: Array<[Address, AccountSpec]>;
}

export interface RunResult {
  status: Status;
  gasLeft: bigint;
  gasUsed: bigint;
  output: Uint8Array;
  /** The entry frame's stack when it halted (the pooled frame is not reset on exit). */
  stack: bigint[];
  journal: Journal;
  evm: Evm;
  /** The contract's current storage value of a slot, as the journal sees it. */
  storage(slot: bigint, address?: Address): bigint;
  /** The current transient storage value of a slot. */
  transient(slot: bigint, address?: Address): bigint;
  /** The net diff (EIP-161 deletion on, as from Spurious Dragon). */
  changes(): StateChanges;
}

/**
 * Runs `code` as the contract CONTRACT, called by SENDER with `gas`. The pre-warmed set mirrors a transaction's
 * (sender, target, precompiles, coinbase), so the first touch of any other account or slot is cold.
 */
export function runCode(code: Uint8Array | string, options: RunOptions = {}): RunResult {
  const bytes = typeof code === "string" ? asm(code) : code;
  const fork = options.fork ?? Fork.Cancun;
  const gas = options.gas ?? 1_000_000n;
  const value = options.value ?? 0n;
  const db = makeState([[CONTRACT, { ...options.contract, code: bytes }], ...(options.accounts ?? [])]);
  const env = makeEnv();
  const journal = new Journal(db);
  const evm = new Evm(journal, env, fork, { origin: SENDER, gasPrice: 10n, blobHashes: [] });
  if (fork >= Fork.Berlin) {
    journal.prewarmAccount(journal.get(SENDER));
    journal.prewarmAccount(journal.get(CONTRACT));
    for (let i = 1; i < evm.precompiles.length; i++)
      if (evm.precompiles[i]) journal.prewarmAccount(journal.get(BigInt(i)));
    if (fork >= Fork.Shanghai) journal.prewarmAccount(journal.get(COINBASE));
  }
  const data = options.data ?? new Uint8Array(0);
  const frame: Frame | undefined = evm.enterCall(
    0,
    SENDER,
    CONTRACT,
    CONTRACT,
    value,
    true,
    data,
    gas,
    options.isStatic ?? false,
    false,
  );
  if (frame !== undefined) run(evm, frame);
  const gasLeft = evm.immediateGas;
  return {
    status: evm.immediateStatus,
    gasLeft,
    gasUsed: gas - gasLeft,
    output: evm.immediateOutput,
    stack: frame === undefined ? [] : frame.stack.slice(0, frame.sp),
    journal,
    evm,
    storage: (slot, address = CONTRACT) => journal.sload(journal.get(address), slot),
    transient: (slot, address = CONTRACT) => journal.tload(journal.get(address), slot),
    changes: () => journal.changes(true),
  };
}

/** The status as its name, for readable assertion messages. */
export function statusName(status: Status): string {
  return STATUS_NAMES[status] ?? `status ${status}`;
}

// ---------------------------------------------------------------------------------------------------------
// Transactions (signTransaction + executeTransaction)
// ---------------------------------------------------------------------------------------------------------

export interface TxOptions {
  /** undefined: a contract creation with `data` as initcode. */
  to?: Address;
  data?: Uint8Array;
  value?: bigint;
  gasLimit: bigint;
  /** Legacy gas price; default 10 (the default base fee is 7, so the tip is 3). */
  gasPrice?: bigint;
  fork?: Fork;
  env?: Partial<BlockEnv>;
}

/** Signs a legacy EIP-155 transaction from SENDER (nonce taken from the state) and executes it on `db`. */
export function tryTx(db: MemoryDatabase, options: TxOptions): TxOutcome {
  const nonce = db.account(SENDER)?.nonce ?? 0n;
  const { tx } = signTransaction(
    {
      type: 0,
      chainId: 1n,
      nonce,
      gasPrice: options.gasPrice ?? 10n,
      gasLimit: options.gasLimit,
      to: options.to,
      value: options.value ?? 0n,
      data: options.data ?? new Uint8Array(0),
    },
    SENDER_KEY,
  );
  return executeTransaction(db, tx, makeEnv(options.env), options.fork ?? Fork.Cancun);
}

/** tryTx for a transaction that must be valid. */
export function runTx(db: MemoryDatabase, options: TxOptions): ValidTxOutcome {
  const outcome = tryTx(db, options);
  if (!outcome.valid) throw new Error(`transaction rejected: ${outcome.reason}: ${outcome.message}`);
  return outcome;
}
