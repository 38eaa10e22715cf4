/**
 * Interpreter edge cases that the state-test fixtures reach only indirectly. Programs are assembled with the
 * harness in testing.ts; gas figures are worked out by hand from the Cancun rules in the comments.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fork } from "../forks.js";
import { addressToHex, create2Address, createAddress } from "../primitives/address.js";
import { bytesToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH_WORD, keccak256 } from "../primitives/keccak.js";
import { Frame } from "./frame.js";
import { sstore } from "./instructions/storage.js";
import { Status } from "./status.js";
import {
  asm,
  COINBASE,
  CONTRACT,
  makeState,
  RETURN_TOP,
  type RunResult,
  runCode,
  runTx,
  SENDER,
  SENDER_BALANCE,
  statusName,
  tryTx,
  word,
} from "./testing.js";

const MAX = (1n << 256n) - 1n;
const MIN = 1n << 255n;
const neg = (x: bigint): bigint => (1n << 256n) - x;
/** A bigint as an assembler immediate. */
const h = (v: bigint): string => `0x${v.toString(16)}`;

const OTHER = 0xb0b0000000000000000000000000000000000002n;
const THIRD = 0xca7000000000000000000000000000000000003n;
const BENEFICIARY = 0xbe4ef00000000000000000000000000000000004n;

function assertStatus(r: { status: Status }, expected: Status): void {
  assert.equal(statusName(r.status), statusName(expected));
}

/** Runs `program` followed by RETURN_TOP and returns the word it returns. */
function evaluate(program: string): bigint {
  const r = runCode(`${program} ${RETURN_TOP}`);
  assertStatus(r, Status.Return);
  return word(r.output);
}

/** An exceptional halt consumes all the frame's gas. */
function assertHalt(r: RunResult, expected: Status): void {
  assertStatus(r, expected);
  assert.equal(r.gasLeft, 0n, "an exceptional halt keeps no gas");
  assert.equal(r.output.length, 0);
}

describe("word arithmetic at the 2^256 boundary", () => {
  it("ADD wraps", () => {
    assert.equal(evaluate(`PUSH1 1 PUSH32 ${h(MAX)} ADD`), 0n);
    assert.equal(evaluate(`PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} ADD`), MAX - 1n);
  });

  it("MUL wraps", () => {
    // (2^256-1)^2 = 2^512 - 2^257 + 1 ≡ 1 (mod 2^256).
    assert.equal(evaluate(`PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} MUL`), 1n);
    assert.equal(evaluate(`PUSH1 2 PUSH32 ${h(MIN)} MUL`), 0n);
    assert.equal(evaluate(`PUSH17 ${h(1n << 128n)} PUSH17 ${h(1n << 128n)} MUL`), 0n);
  });

  it("SUB wraps below zero (a - b with a on top)", () => {
    assert.equal(evaluate("PUSH1 1 PUSH0 SUB"), MAX);
    assert.equal(evaluate("PUSH1 3 PUSH1 10 SUB"), 7n);
    assert.equal(evaluate(`PUSH32 ${h(MAX)} PUSH0 SUB`), 1n);
  });

  it("ADDMOD keeps the intermediate sum beyond 2^256", () => {
    // (2^256 - 1 + 2) mod 3 = (2^256 + 1) mod 3; 2^256 = 4^128 ≡ 1, so 2 (a wrapped sum would give 1).
    assert.equal(evaluate(`PUSH1 3 PUSH1 2 PUSH32 ${h(MAX)} ADDMOD`), 2n);
    // 2(2^256-1) mod (2^256-2) = 2 (a wrapped sum, 2^256-2, would give 0).
    assert.equal(evaluate(`PUSH32 ${h(MAX - 1n)} PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} ADDMOD`), 2n);
    assert.equal(evaluate(`PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} ADDMOD`), 0n);
  });

  it("MULMOD keeps the intermediate product beyond 2^256", () => {
    // 2^256 ≡ 4 (mod 12), so 2^256-1 ≡ 3 and (2^256-1)^2 ≡ 9 (the wrapped product 1 would give 1).
    assert.equal(evaluate(`PUSH1 12 PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} MULMOD`), 9n);
    // 2^255 · 2 = 2^256 ≡ 1 (mod 3) (wrapped: 0).
    assert.equal(evaluate(`PUSH1 3 PUSH1 2 PUSH32 ${h(MIN)} MULMOD`), 1n);
    assert.equal(evaluate(`PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} MULMOD`), 0n);
  });

  it("ADDMOD / MULMOD / DIV / MOD by zero give zero", () => {
    assert.equal(evaluate(`PUSH0 PUSH1 2 PUSH32 ${h(MAX)} ADDMOD`), 0n);
    assert.equal(evaluate(`PUSH0 PUSH1 2 PUSH32 ${h(MAX)} MULMOD`), 0n);
    assert.equal(evaluate(`PUSH0 PUSH32 ${h(MAX)} DIV`), 0n);
    assert.equal(evaluate(`PUSH0 PUSH32 ${h(MAX)} MOD`), 0n);
  });

  it("SDIV: -2^255 / -1 = -2^255, truncation toward zero, division by zero", () => {
    assert.equal(evaluate(`PUSH32 ${h(MAX)} PUSH32 ${h(MIN)} SDIV`), MIN);
    assert.equal(evaluate(`PUSH1 2 PUSH32 ${h(neg(7n))} SDIV`), neg(3n));
    assert.equal(evaluate(`PUSH32 ${h(neg(2n))} PUSH1 7 SDIV`), neg(3n));
    assert.equal(evaluate(`PUSH0 PUSH32 ${h(MIN)} SDIV`), 0n);
  });

  it("SMOD: the result takes the dividend's sign; x smod 0 = 0", () => {
    assert.equal(evaluate(`PUSH1 2 PUSH32 ${h(neg(7n))} SMOD`), neg(1n));
    assert.equal(evaluate(`PUSH32 ${h(neg(2n))} PUSH1 7 SMOD`), 1n);
    assert.equal(evaluate(`PUSH32 ${h(MAX)} PUSH32 ${h(MIN)} SMOD`), 0n);
    assert.equal(evaluate(`PUSH0 PUSH32 ${h(neg(7n))} SMOD`), 0n);
  });

  it("signed and unsigned comparisons take a from the top", () => {
    assert.equal(evaluate("PUSH1 2 PUSH1 1 LT"), 1n);
    assert.equal(evaluate("PUSH1 2 PUSH1 1 GT"), 0n);
    assert.equal(evaluate(`PUSH0 PUSH32 ${h(MIN)} SLT`), 1n);
    assert.equal(evaluate(`PUSH32 ${h(MIN)} PUSH0 SGT`), 1n);
    assert.equal(evaluate(`PUSH32 ${h(MIN)} PUSH0 GT`), 0n);
  });

  it("SIGNEXTEND, BYTE and the shifts through bytecode", () => {
    assert.equal(evaluate("PUSH1 0xff PUSH0 SIGNEXTEND"), MAX);
    assert.equal(evaluate(`PUSH1 0xff PUSH32 ${h(MAX)} SIGNEXTEND`), 0xffn);
    assert.equal(evaluate("PUSH1 0xcd PUSH1 31 BYTE"), 0xcdn);
    assert.equal(evaluate("PUSH1 0xcd PUSH1 32 BYTE"), 0n);
    assert.equal(evaluate("PUSH1 1 PUSH1 255 SHL"), MIN);
    assert.equal(evaluate("PUSH1 1 PUSH2 256 SHL"), 0n);
    assert.equal(evaluate(`PUSH32 ${h(MAX)} PUSH2 256 SHR`), 0n);
    assert.equal(evaluate(`PUSH32 ${h(MIN)} PUSH2 256 SAR`), MAX);
    assert.equal(evaluate(`PUSH32 ${h(MIN)} PUSH32 ${h(MIN)} SAR`), MAX);
    assert.equal(evaluate(`PUSH32 ${h(neg(17n))} PUSH1 4 SAR`), neg(2n));
  });

  it("EXP: 0^0 = 1 and 2^256 wraps to 0", () => {
    assert.equal(evaluate("PUSH0 PUSH0 EXP"), 1n);
    assert.equal(evaluate("PUSH1 255 PUSH1 2 EXP"), MIN);
    assert.equal(evaluate("PUSH2 256 PUSH1 2 EXP"), 0n);
  });

  it("EXP charges 50 per exponent byte (EIP-160)", () => {
    // PUSH 3 + PUSH 3 + EXP 10 + 50·bytes(exponent).
    const cases: Array<[exponent: string, gas: bigint]> = [
      ["PUSH1 0", 16n], // 0 bytes
      ["PUSH1 255", 66n], // 1 byte
      ["PUSH2 256", 116n], // 2 bytes
      [`PUSH32 ${h(MIN)}`, 1616n], // 32 bytes
    ];
    for (const [exponent, gas] of cases) {
      const r = runCode(`${exponent} PUSH1 2 EXP STOP`);
      assertStatus(r, Status.Stop);
      assert.equal(r.gasUsed, gas, exponent);
      const short = runCode(`${exponent} PUSH1 2 EXP STOP`, { gas: gas - 1n });
      assertHalt(short, Status.OutOfGas);
    }
  });
});

describe("memory expansion", () => {
  it("MSTORE at offset 0 costs 3 + 3 for the first word", () => {
    // PUSH0 2 + PUSH0 2 + MSTORE 3 + one word 3 = 10.
    const r = runCode("PUSH0 PUSH0 MSTORE STOP", { gas: 100n });
    assertStatus(r, Status.Stop);
    assert.equal(r.gasUsed, 10n);
    assertStatus(runCode("PUSH0 PUSH0 MSTORE STOP", { gas: 10n }), Status.Stop);
    assertHalt(runCode("PUSH0 PUSH0 MSTORE STOP", { gas: 9n }), Status.OutOfGas);
  });

  it("charges only the difference when memory grows by a word", () => {
    // 10 for the first MSTORE; then PUSH0 2 + PUSH1 3 + MSTORE 3 + (cost(2 words) - cost(1) = 6 - 3) 3;
    // MSIZE 2. Total 23; MSIZE reads 64 (a store at offset 1 covers bytes 1..32).
    const r = runCode("PUSH0 PUSH0 MSTORE PUSH0 PUSH1 1 MSTORE MSIZE STOP");
    assertStatus(r, Status.Stop);
    assert.equal(r.gasUsed, 23n);
    assert.deepEqual(r.stack, [64n]);
  });

  it("the quadratic term: 1024 words cost 3·1024 + 1024²/512 = 5120", () => {
    // PUSH0 2 + PUSH2 3 + MSTORE 3 + 5120 = 5128 (MSTORE at 0x7fe0 ends at byte 32768 = 1024 words).
    const code = "PUSH0 PUSH2 0x7fe0 MSTORE STOP";
    const r = runCode(code);
    assert.equal(r.gasUsed, 5128n);
    assertStatus(runCode(code, { gas: 5128n }), Status.Stop);
    assertHalt(runCode(code, { gas: 5127n }), Status.OutOfGas);
  });

  it("MSTORE at 2^32 is out of gas", () => {
    assertHalt(runCode("PUSH0 PUSH5 0x0100000000 MSTORE STOP"), Status.OutOfGas);
    assertHalt(runCode("PUSH0 PUSH4 0xffffffe0 MSTORE STOP"), Status.OutOfGas);
  });

  it("MLOAD at 2^256-1 is out of gas", () => {
    assertHalt(runCode(`PUSH32 ${h(MAX)} MLOAD STOP`), Status.OutOfGas);
    assertHalt(runCode(`PUSH0 PUSH32 ${h(MAX)} MSTORE8 STOP`), Status.OutOfGas);
  });

  it("a zero-size RETURN / REVERT with a huge offset expands nothing", () => {
    // PUSH0 2 + PUSH32 3 + RETURN 0 = 5.
    const r = runCode(`PUSH0 PUSH32 ${h(MAX)} RETURN`, { gas: 100n });
    assertStatus(r, Status.Return);
    assert.equal(r.gasLeft, 95n);
    assert.equal(r.output.length, 0);
    const rv = runCode(`PUSH0 PUSH32 ${h(MAX)} REVERT`, { gas: 100n });
    assertStatus(rv, Status.Revert);
    assert.equal(rv.gasLeft, 95n, "REVERT keeps the gas left");
  });

  it("zero-size KECCAK256 and CALLDATACOPY with huge offsets are fine", () => {
    // PUSH0 2 + PUSH32 3 + KECCAK256 30 + 0 words + MSIZE 2 = 37; MSIZE stays 0.
    const k = runCode(`PUSH0 PUSH32 ${h(MAX)} KECCAK256 MSIZE STOP`);
    assertStatus(k, Status.Stop);
    assert.equal(k.gasUsed, 37n);
    assert.deepEqual(k.stack, [EMPTY_CODE_HASH_WORD, 0n]);
    // PUSH0 2 + PUSH32 3 + PUSH32 3 + CALLDATACOPY 3 = 11.
    const c = runCode(`PUSH0 PUSH32 ${h(MAX)} PUSH32 ${h(MAX)} CALLDATACOPY STOP`);
    assertStatus(c, Status.Stop);
    assert.equal(c.gasUsed, 11n);
  });

  it("MCOPY expands to cover the source as well as the destination", () => {
    // PUSH1 3 + PUSH2 3 + PUSH0 2 + MCOPY 3 + copy 1 word 3 + memory to 0x120 = 9 words 27 + MSIZE 2 = 43.
    const r = runCode("PUSH1 32 PUSH2 0x100 PUSH0 MCOPY MSIZE STOP");
    assertStatus(r, Status.Stop);
    assert.equal(r.gasUsed, 43n);
    assert.deepEqual(r.stack, [0x120n]);
  });

  it("MCOPY with overlapping ranges copies as if through a buffer", () => {
    const bytes = Array.from({ length: 32 }, (_, i) => (i + 1).toString(16).padStart(2, "0")).join("");
    const r = runCode(`PUSH32 0x${bytes} PUSH0 MSTORE PUSH1 31 PUSH0 PUSH1 1 MCOPY PUSH0 MLOAD STOP`);
    assert.deepEqual(r.stack, [BigInt(`0x01${bytes.slice(0, 62)}`)]);
  });

  it("CALLDATALOAD past the end of calldata reads zeros", () => {
    const data = Uint8Array.of(1, 2, 3);
    assert.deepEqual(runCode(`PUSH32 ${h(MAX)} CALLDATALOAD STOP`, { data }).stack, [0n]);
    assert.deepEqual(runCode("PUSH1 1 CALLDATALOAD STOP", { data }).stack, [0x0203n << 240n]);
    assert.deepEqual(runCode("PUSH1 3 CALLDATALOAD STOP", { data }).stack, [0n]);
  });
});

describe("gas at exact boundaries", () => {
  const code = "PUSH1 1 PUSH1 2 ADD STOP"; // 3 + 3 + 3 = 9

  it("exactly enough gas succeeds with nothing left", () => {
    const r = runCode(code, { gas: 9n });
    assertStatus(r, Status.Stop);
    assert.equal(r.gasLeft, 0n);
  });

  it("one gas less is out of gas", () => {
    assertHalt(runCode(code, { gas: 8n }), Status.OutOfGas);
  });

  it("a fresh SSTORE needs exactly 22105 here and reverts without it", () => {
    // PUSH1 3 + PUSH0 2 + SSTORE (cold 2100 + 0 -> 1 set 20000) = 22105.
    const store = "PUSH1 1 PUSH0 SSTORE STOP";
    const r = runCode(store, { gas: 22105n });
    assertStatus(r, Status.Stop);
    assert.equal(r.gasLeft, 0n);
    assert.equal(r.storage(0n), 1n);
    const short = runCode(store, { gas: 22104n });
    assertHalt(short, Status.OutOfGas);
    assert.equal(short.storage(0n), 0n);
  });

  it("EIP-2200: SSTORE with gas left == 2300 fails", () => {
    // PUSH0 2 + PUSH0 2 = 4, leaving exactly 2300 when SSTORE starts.
    assertHalt(runCode("PUSH0 PUSH0 SSTORE STOP", { gas: 2304n }), Status.OutOfGas);
  });

  it("EIP-2200: SSTORE with gas left == 2301 proceeds", () => {
    // 2301 left; a no-op store (0 -> 0) on a cold slot costs 2100 + 100 = 2200, leaving 101.
    const r = runCode("PUSH0 PUSH0 SSTORE STOP", { gas: 2305n });
    assertStatus(r, Status.Stop);
    assert.equal(r.gasLeft, 101n);
  });

  it("the 2300 stipend of a value CALL cannot pay for SSTORE, but can for TSTORE", () => {
    // CALL with gas 0 and value 1: the callee runs on the 2300 stipend alone.
    const caller = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH20 ${h(OTHER)} PUSH0 CALL ${RETURN_TOP}`;
    const withSstore = runCode(caller, {
      contract: { balance: 10n },
      accounts: [[OTHER, { code: asm("PUSH0 PUSH0 SSTORE STOP") }]],
    });
    assertStatus(withSstore, Status.Return);
    assert.equal(word(withSstore.output), 0n);
    const withTstore = runCode(caller, {
      contract: { balance: 10n },
      accounts: [[OTHER, { code: asm("PUSH1 1 PUSH0 TSTORE STOP") }]],
    });
    assert.equal(word(withTstore.output), 1n);
    assert.equal(withTstore.transient(0n, OTHER), 1n);
  });

  it("CALL passes all but 1/64 of the gas left", () => {
    // Caller: PUSH1 3 + 4·PUSH0 8 + PUSH20 3 + GAS 2 = 16, so GAS reads 99984. CALL: memory for the 32-byte
    // output 3 + cold account 2600 leaves 97381; 97381 - floor(97381/64) = 97381 - 1521 = 95860 goes to the
    // callee, whose GAS (2) reads 95858. Callee: GAS 2 + PUSH0 2 + MSTORE 3+3 + PUSH1 3 + PUSH0 2 = 15, so it
    // returns 95845; the caller holds 1521 + 95845 = 97366, then PUSH1 3 + PUSH0 2 + RETURN 0: 97361 left.
    const r = runCode(`PUSH1 32 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${h(OTHER)} GAS CALL PUSH1 32 PUSH0 RETURN`, {
      gas: 100_000n,
      accounts: [[OTHER, { code: asm(`GAS ${RETURN_TOP}`) }]],
    });
    assertStatus(r, Status.Return);
    assert.equal(word(r.output), 95858n);
    assert.equal(r.gasLeft, 97361n);
  });

  it("the SSTORE stipend rule starts at Istanbul", () => {
    // Constantinople (EIP-1283, no stipend rule): PUSH1 3 + PUSH1 3, then a no-op SSTORE for 200 with 2300 left.
    const r = runCode("PUSH1 0 PUSH1 0 SSTORE STOP", { gas: 2306n, fork: Fork.Constantinople });
    assertStatus(r, Status.Stop);
    assert.equal(r.gasLeft, 2100n);
    // Istanbul: the same 2300 left is out of gas; 2301 pays the 800 of a no-op store.
    assertHalt(runCode("PUSH1 0 PUSH1 0 SSTORE STOP", { gas: 2306n, fork: Fork.Istanbul }), Status.OutOfGas);
    assert.equal(runCode("PUSH1 0 PUSH1 0 SSTORE STOP", { gas: 2307n, fork: Fork.Istanbul }).gasLeft, 1501n);
  });

  it("a value CALL to a new account: 2600 + 9000 + 25000, and the unused stipend comes back", () => {
    // 4·PUSH0 8 + PUSH1 3 + PUSH20 3 + PUSH0 2 = 16; CALL 36600; the callee (no code) gets the 2300 stipend and
    // returns it: 16 + 36600 - 2300 = 34316.
    const r = runCode(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH20 ${h(OTHER)} PUSH0 CALL STOP`, {
      contract: { balance: 5n },
    });
    assertStatus(r, Status.Stop);
    assert.deepEqual(r.stack, [1n]);
    assert.equal(r.gasUsed, 34316n);
  });

  it("the code deposit (200 per byte) must fit in the gas left", () => {
    // Initcode PUSH1 0xfe PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN (8 non-zero bytes, 2 zero): intrinsic
    // 53000 + 8·16 + 2·4 + 1 word·2 = 53138; execution 3+3+3+3+3+3 = 18; deposit 200. Total 53356.
    const initcode = asm("PUSH1 0xfe PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN");
    const enough = runTx(makeState(), { data: initcode, gasLimit: 53356n });
    assert.equal(enough.status, 1);
    assert.equal(enough.gasUsed, 53356n);
    const short = runTx(makeState(), { data: initcode, gasLimit: 53355n });
    assert.equal(short.status, 0);
    assert.equal(short.gasUsed, 53355n);
    assert.equal(short.createdAddress, undefined);
  });

  it("EIP-170: 24576 bytes of code deploy, 24577 do not", () => {
    // Initcode PUSH2 n PUSH0 RETURN (5 bytes) returns n zero bytes. Caller: PUSH5 3 + PUSH0 2 + MSTORE 3+3 +
    // PUSH1 3 + PUSH1 3 + PUSH0 2 + CREATE 32000 + 1 initcode word 2 = 32021. Initcode: PUSH2 3 + PUSH0 2 +
    // memory for 768 words (2304 + 768²/512 = 1152) 3456 = 3461; deposit 200·24576 = 4915200.
    const create = (n: number) =>
      `PUSH5 0x61${n.toString(16).padStart(4, "0")}5ff3 PUSH0 MSTORE PUSH1 5 PUSH1 27 PUSH0 CREATE STOP`;
    const ok = runCode(create(24576), { gas: 10_000_000n });
    assertStatus(ok, Status.Stop);
    assert.notEqual(ok.stack[0], 0n);
    assert.equal(ok.gasUsed, 32021n + 3461n + 4915200n);
    const tooBig = runCode(create(24577), { gas: 10_000_000n });
    assertStatus(tooBig, Status.Stop);
    assert.deepEqual(tooBig.stack, [0n]);
    // The failed creation burns all the gas it was given: 10^7 - 32021 = 9967979, of which 1/64 (155749) stays.
    assert.equal(tooBig.gasLeft, 155749n);
  });

  it("after CREATE the return data is the revert data, or empty on success", () => {
    // Initcode PUSH1 32 PUSH0 REVERT / RETURN: 32 bytes of revert data, or 32 bytes of code deposited.
    const after = (initcode: string) =>
      runCode(`PUSH5 ${initcode} PUSH0 MSTORE PUSH1 5 PUSH1 27 PUSH0 CREATE RETURNDATASIZE STOP`);
    const reverted = after("0x60205ffd00");
    assert.deepEqual(reverted.stack, [0n, 32n]);
    // 32021 + initcode (PUSH1 3 + PUSH0 2 + 1 word 3) 8 + RETURNDATASIZE 2.
    assert.equal(reverted.gasUsed, 32031n);
    const created = after("0x60205ff300");
    assert.notEqual(created.stack[0], 0n);
    assert.equal(created.stack[1], 0n);
    // As above plus the 32-byte deposit, 6400.
    assert.equal(created.gasUsed, 38431n);
  });
});

describe("jumps", () => {
  it("JUMP onto a 0x5b inside push data fails", () => {
    // 0: PUSH1 4, 2: JUMP, 3: PUSH1 0x5b (the 0x5b is at offset 4), 5: STOP.
    assertHalt(runCode("PUSH1 4 JUMP PUSH1 0x5b STOP"), Status.InvalidJump);
  });

  it("JUMP onto a real JUMPDEST works", () => {
    // 0: PUSH1 4, 2: JUMP, 3: INVALID, 4: JUMPDEST, 5: STOP. Gas 3 + 8 + 1 = 12.
    const r = runCode("PUSH1 4 JUMP INVALID JUMPDEST STOP");
    assertStatus(r, Status.Stop);
    assert.equal(r.gasUsed, 12n);
  });

  it("JUMP past the end of code or to a huge destination fails", () => {
    assertHalt(runCode("PUSH1 3 JUMP"), Status.InvalidJump);
    assertHalt(runCode(`PUSH32 ${h(MAX)} JUMP JUMPDEST`), Status.InvalidJump);
    assertHalt(runCode(`PUSH9 ${h((1n << 64n) + 3n)} JUMP JUMPDEST`), Status.InvalidJump);
  });

  it("JUMPI to an invalid destination with a zero condition falls through", () => {
    // PUSH0 2 + PUSH1 3 + JUMPI 10 + PUSH1 3 = 18.
    const r = runCode("PUSH0 PUSH1 0xff JUMPI PUSH1 7 STOP");
    assertStatus(r, Status.Stop);
    assert.equal(r.gasUsed, 18n);
    assert.deepEqual(r.stack, [7n]);
  });

  it("JUMPI to an invalid destination with a non-zero condition fails", () => {
    assertHalt(runCode("PUSH1 1 PUSH1 0xff JUMPI STOP"), Status.InvalidJump);
    // 0: PUSH1 1, 2: PUSH1 6, 4: JUMPI, 5: PUSH1 0x5b (push data at 6), 7: STOP.
    assertHalt(runCode("PUSH1 1 PUSH1 6 JUMPI PUSH1 0x5b STOP"), Status.InvalidJump);
  });
});

describe("stack limits", () => {
  it("1024 items fit", () => {
    const r = runCode(`${"PUSH0 ".repeat(1024)} STOP`);
    assertStatus(r, Status.Stop);
    assert.equal(r.gasUsed, 2048n);
    assert.equal(r.stack.length, 1024);
  });

  it("the 1025th item overflows", () => {
    assertHalt(runCode(`${"PUSH0 ".repeat(1025)} STOP`), Status.StackOverflow);
    assertHalt(runCode(`${"PUSH0 ".repeat(1024)} DUP1 STOP`), Status.StackOverflow);
  });

  it("underflow: too few items for the instruction", () => {
    assertHalt(runCode("PUSH1 1 ADD"), Status.StackUnderflow);
    assertHalt(runCode("POP"), Status.StackUnderflow);
    assertHalt(runCode("PUSH1 1 DUP2"), Status.StackUnderflow);
    assertHalt(runCode("PUSH1 1 SWAP1"), Status.StackUnderflow);
    assertHalt(runCode(`${"PUSH0 ".repeat(16)} SWAP16`), Status.StackUnderflow);
    assertStatus(runCode(`${"PUSH0 ".repeat(17)} SWAP16 STOP`), Status.Stop);
  });
});

describe("PUSH past the end of code", () => {
  it("PUSH32 with two bytes left pads with zeros on the right", () => {
    const r = runCode(asm("raw:0x7f0102"));
    assertStatus(r, Status.Stop);
    assert.equal(r.gasUsed, 3n);
    assert.deepEqual(r.stack, [0x0102n << 240n]);
  });

  it("short PUSHes at the end too", () => {
    assert.deepEqual(runCode(asm("raw:0x61ff")).stack, [0xff00n]);
    assert.deepEqual(runCode(asm("raw:0x60")).stack, [0n]);
    assert.deepEqual(runCode(asm("raw:0x65aabb")).stack, [0xaabb00000000n]);
  });
});

describe("RETURNDATACOPY bounds", () => {
  /** Copies `size` bytes from `offset` of the return data to memory 0. */
  const copy = (offset: bigint, size: bigint) => `PUSH32 ${h(size)} PUSH32 ${h(offset)} PUSH0 RETURNDATACOPY STOP`;
  // STATICCALL the identity precompile with 32 bytes of input: the return data is 32 bytes long.
  const after32 = "PUSH0 PUSH0 PUSH1 32 PUSH0 PUSH1 4 GAS STATICCALL POP";

  it("reading past empty return data fails", () => {
    assertHalt(runCode(copy(0n, 1n)), Status.ReturnDataOutOfBounds);
    assertHalt(runCode(copy(1n, 0n)), Status.ReturnDataOutOfBounds);
  });

  it("an empty copy at offset 0 is fine", () => {
    assertStatus(runCode(copy(0n, 0n)), Status.Stop);
  });

  it("within the 32 bytes of a call's output is fine, one byte past is not", () => {
    assertStatus(runCode(`${after32} ${copy(0n, 32n)}`), Status.Stop);
    assertStatus(runCode(`${after32} ${copy(32n, 0n)}`), Status.Stop);
    assertHalt(runCode(`${after32} ${copy(1n, 32n)}`), Status.ReturnDataOutOfBounds);
    assertHalt(runCode(`${after32} ${copy(33n, 0n)}`), Status.ReturnDataOutOfBounds);
  });

  it("offset + size overflowing 2^256 fails", () => {
    assertHalt(runCode(`${after32} ${copy(MAX, 2n)}`), Status.ReturnDataOutOfBounds);
  });
});

describe("call depth", () => {
  // Each frame counts itself in transient slot 0, calls itself with all its gas, counts a failed call in
  // slot 1 and returns both counters.
  const code = `
    PUSH0 TLOAD PUSH1 1 ADD PUSH0 TSTORE
    PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 ADDRESS GAS CALL
    ISZERO PUSH1 1 TLOAD ADD PUSH1 1 TSTORE
    PUSH0 TLOAD PUSH0 MSTORE PUSH1 1 TLOAD PUSH1 32 MSTORE PUSH1 64 PUSH0 RETURN`;
  // Before the CALL: PUSH0 2 + TLOAD 100 + PUSH1 3 + ADD 3 + PUSH0 2 + TSTORE 100 + 5·PUSH0 10 + ADDRESS 2 +
  // GAS 2 + CALL (warm) 100 = 324. After it: ISZERO 3 + PUSH1 3 + TLOAD 100 + ADD 3 + PUSH1 3 + TSTORE 100 +
  // PUSH0 2 + TLOAD 100 + PUSH0 2 + MSTORE 3+3 + PUSH1 3 + TLOAD 100 + PUSH1 3 + MSTORE 3+3 + PUSH1 3 +
  // PUSH0 2 = 439.
  const PRE = 324n;
  const POST = 439n;
  /** The expected run: [success, gas left, frames that kept their counter]. */
  function model(depth: number, gas: bigint): [boolean, bigint, number] {
    if (gas < PRE) return [false, 0n, 0];
    const x = gas - PRE;
    let left = x;
    let frames = 1;
    if (depth + 1 <= 1024) {
      const child = x - x / 64n;
      const [ok, childLeft, childFrames] = model(depth + 1, child);
      left = x / 64n + childLeft;
      if (ok) frames += childFrames;
    }
    if (left < POST) return [false, 0n, 0];
    return [true, left - POST, frames];
  }

  it("a contract calling itself reaches depth 1024 without a JavaScript stack overflow", () => {
    // Frames run at depths 0..1024 (1025 frames); the call made at depth 1024 is the only one that fails.
    // 10^12 gas leaves about 10^12·(63/64)^1024 ≈ 99000, less the per-frame costs, at the bottom.
    const gas = 1_000_000_000_000n;
    const r = runCode(code, { gas });
    assertStatus(r, Status.Return);
    assert.equal(word(r.output.subarray(0, 32)), 1025n, "frames entered");
    assert.equal(word(r.output.subarray(32, 64)), 1n, "failed calls");
    const [, left, frames] = model(0, gas);
    assert.equal(frames, 1025);
    assert.equal(r.gasLeft, left);
  });

  it("with less gas the deepest frames run out and revert their counters", () => {
    // 10^11 gas: the frames below depth 922 cannot pay for their post-call part, so depth 922's call fails.
    const gas = 100_000_000_000n;
    const r = runCode(code, { gas });
    assertStatus(r, Status.Return);
    const [, left, frames] = model(0, gas);
    assert.equal(frames, 923);
    assert.equal(word(r.output.subarray(0, 32)), 923n);
    assert.equal(word(r.output.subarray(32, 64)), 1n);
    assert.equal(r.gasLeft, left);
  });
});

describe("static context (EIP-214)", () => {
  const violations: Array<[name: string, code: string]> = [
    ["SSTORE", "PUSH1 1 PUSH0 SSTORE STOP"],
    ["SSTORE of the current value", "PUSH0 PUSH0 SSTORE STOP"],
    ["LOG0", "PUSH0 PUSH0 LOG0 STOP"],
    ["LOG4", "PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 LOG4 STOP"],
    ["CALL with value", `PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH20 ${h(OTHER)} GAS CALL STOP`],
    ["TSTORE", "PUSH1 1 PUSH0 TSTORE STOP"],
    ["CREATE", "PUSH0 PUSH0 PUSH0 CREATE STOP"],
    ["CREATE2", "PUSH0 PUSH0 PUSH0 PUSH0 CREATE2 STOP"],
    ["SELFDESTRUCT", `PUSH20 ${h(OTHER)} SELFDESTRUCT`],
  ];
  for (const [name, code] of violations) {
    it(`${name} fails`, () => {
      const r = runCode(code, { isStatic: true, contract: { balance: 10n } });
      assertHalt(r, Status.StaticViolation);
    });
  }

  const allowed: Array<[name: string, code: string]> = [
    ["SLOAD", "PUSH0 SLOAD STOP"],
    ["TLOAD", "PUSH0 TLOAD STOP"],
    ["CALL without value", `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${h(OTHER)} GAS CALL STOP`],
    ["CALLCODE with value", `PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH20 ${h(OTHER)} GAS CALLCODE STOP`],
  ];
  for (const [name, code] of allowed) {
    it(`${name} is allowed`, () => {
      const r = runCode(code, { isStatic: true, contract: { balance: 10n } });
      assertStatus(r, Status.Stop);
    });
  }

  it("STATICCALL makes the whole subtree static", () => {
    // CONTRACT STATICCALLs OTHER, which CALLs THIRD (no value); THIRD's SSTORE fails. OTHER returns THIRD's
    // success flag (0) and succeeds itself (1).
    const r = runCode(
      `PUSH1 32 PUSH0 PUSH0 PUSH0 PUSH20 ${h(OTHER)} GAS STATICCALL PUSH1 32 MSTORE PUSH1 64 PUSH0 RETURN`,
      {
        accounts: [
          [OTHER, { code: asm(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${h(THIRD)} GAS CALL ${RETURN_TOP}`) }],
          [THIRD, { code: asm("PUSH1 1 PUSH0 SSTORE STOP") }],
        ],
      },
    );
    assertStatus(r, Status.Return);
    assert.equal(word(r.output.subarray(0, 32)), 0n, "THIRD failed");
    assert.equal(word(r.output.subarray(32, 64)), 1n, "OTHER succeeded");
    assert.equal(r.storage(0n, THIRD), 0n);
  });
});

describe("transient storage (EIP-1153) reverts with its frame", () => {
  it("a top-level REVERT undoes TSTORE", () => {
    const r = runCode("PUSH1 42 PUSH0 TSTORE PUSH0 PUSH0 REVERT");
    assertStatus(r, Status.Revert);
    assert.equal(r.transient(0n), 0n);
  });

  it("a reverted callee's TSTORE is gone for the next call in the same transaction", () => {
    // OTHER: with no calldata, TSTORE 42 then REVERT (or STOP); with calldata, return TLOAD(0).
    const callee = (end: string) =>
      asm(`CALLDATASIZE @read JUMPI PUSH1 42 PUSH0 TSTORE ${end} read: JUMPDEST PUSH0 TLOAD ${RETURN_TOP}`);
    // Call OTHER without data, then with one byte, and return what the second call returned.
    const caller = `
      PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${h(OTHER)} GAS CALL POP
      PUSH1 32 PUSH0 PUSH1 1 PUSH0 PUSH0 PUSH20 ${h(OTHER)} GAS CALL POP
      PUSH1 32 PUSH0 RETURN`;
    const reverted = runCode(caller, { accounts: [[OTHER, { code: callee("PUSH0 PUSH0 REVERT") }]] });
    assertStatus(reverted, Status.Return);
    assert.equal(word(reverted.output), 0n);
    const kept = runCode(caller, { accounts: [[OTHER, { code: callee("STOP") }]] });
    assertStatus(kept, Status.Return);
    assert.equal(word(kept.output), 42n);
  });

  it("the caller's own transient value survives the callee's revert", () => {
    const r = runCode(
      `PUSH1 1 PUSH0 TSTORE PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${h(OTHER)} GAS CALL POP PUSH0 TLOAD ${RETURN_TOP}`,
      { accounts: [[OTHER, { code: asm("PUSH1 42 PUSH0 TSTORE PUSH0 PUSH0 REVERT") }]] },
    );
    assert.equal(word(r.output), 1n);
    assert.equal(r.transient(0n, OTHER), 0n);
  });

  it("a successful callee's TSTORE is undone when the caller reverts", () => {
    const r = runCode(`PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${h(OTHER)} GAS CALL POP PUSH0 PUSH0 REVERT`, {
      accounts: [[OTHER, { code: asm("PUSH1 42 PUSH0 TSTORE STOP") }]],
    });
    assertStatus(r, Status.Revert);
    assert.equal(r.transient(0n, OTHER), 0n);
  });
});

describe("SELFDESTRUCT under Cancun (EIP-6780)", () => {
  it("a pre-existing contract keeps its code and storage; only its balance moves", () => {
    const code = asm(`PUSH20 ${h(BENEFICIARY)} SELFDESTRUCT`);
    const db = makeState([[CONTRACT, { code, balance: 100n, nonce: 1n, storage: [[1n, 5n]] }]]);
    const out = runTx(db, { to: CONTRACT, gasLimit: 100_000n });
    assert.equal(out.status, 1);
    // 21000 + PUSH20 3 + SELFDESTRUCT 5000 + cold beneficiary 2600 + new account 25000 (it does not exist and
    // the balance is not zero) = 53603; no refund from London on.
    assert.equal(out.gasUsed, 53603n);
    db.applyChanges(out.changes);
    const after = db.account(CONTRACT);
    assert.ok(after !== undefined, "the contract still exists");
    assert.equal(bytesToHex(after.code), bytesToHex(code));
    assert.equal(after.balance, 0n);
    assert.equal(db.storage(CONTRACT, 1n), 5n);
    assert.equal(db.account(BENEFICIARY)?.balance, 100n);
  });

  it("a contract that destroys itself during its own creation is deleted", () => {
    const db = makeState();
    const out = runTx(db, { data: asm(`PUSH20 ${h(BENEFICIARY)} SELFDESTRUCT`), value: 7n, gasLimit: 200_000n });
    assert.equal(out.status, 1);
    const created = createAddress(SENDER, 0n);
    assert.equal(out.createdAddress, created);
    assert.ok(out.changes.has(created) === false || out.changes.get(created)?.account === undefined);
    db.applyChanges(out.changes);
    assert.equal(db.account(created), undefined);
    assert.equal(db.account(BENEFICIARY)?.balance, 7n);
  });

  it("a contract created by CREATE earlier in the transaction is deleted when it self-destructs", () => {
    // Initcode: PUSH2 0x5fff PUSH0 MSTORE PUSH1 2 PUSH1 30 RETURN -> runtime code 0x5fff (PUSH0 SELFDESTRUCT).
    const initcode = "0x615fff5f526002601ef3";
    const factory = asm(`
      PUSH10 ${initcode} PUSH0 MSTORE PUSH1 10 PUSH1 22 PUSH0 CREATE
      PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 DUP6 GAS CALL STOP`);
    const db = makeState([[CONTRACT, { code: factory, nonce: 1n }]]);
    const out = runTx(db, { to: CONTRACT, gasLimit: 300_000n });
    assert.equal(out.status, 1);
    const child = createAddress(CONTRACT, 1n);
    assert.ok(out.changes.has(child), "the child is in the diff");
    assert.equal(out.changes.get(child)?.account, undefined);
    db.applyChanges(out.changes);
    assert.equal(db.account(child), undefined);
    assert.equal(db.account(CONTRACT)?.nonce, 2n);
  });

  it("the same runtime code deployed before the transaction survives", () => {
    const db = makeState([[OTHER, { code: asm("PUSH0 SELFDESTRUCT"), nonce: 1n, balance: 3n }]]);
    const out = runTx(db, { to: OTHER, gasLimit: 100_000n });
    assert.equal(out.status, 1);
    db.applyChanges(out.changes);
    assert.equal(db.account(OTHER)?.balance, 0n);
    assert.equal(bytesToHex(db.account(OTHER)?.code ?? new Uint8Array(0)), "0x5fff");
  });

  it("a same-transaction contract naming itself as beneficiary burns its balance", () => {
    const db = makeState();
    const out = runTx(db, { data: asm("ADDRESS SELFDESTRUCT"), value: 7n, gasLimit: 200_000n });
    assert.equal(out.status, 1);
    // 53000 + 2 non-zero bytes·16 + 1 word·2 = 53034; ADDRESS 2 + SELFDESTRUCT 5000 (warm self, alive) = 58036.
    assert.equal(out.gasUsed, 58036n);
    const created = createAddress(SENDER, 0n);
    assert.equal(out.changes.get(created)?.account, undefined);
    db.applyChanges(out.changes);
    assert.equal(db.account(created), undefined);
    assert.equal(db.account(SENDER)?.balance, SENDER_BALANCE - 7n - 58036n * 10n);
  });

  it("a pre-existing contract naming itself as beneficiary keeps everything", () => {
    const code = asm("ADDRESS SELFDESTRUCT");
    const db = makeState([[CONTRACT, { code, balance: 100n, nonce: 1n }]]);
    const out = runTx(db, { to: CONTRACT, gasLimit: 100_000n });
    assert.equal(out.status, 1);
    // 21000 + ADDRESS 2 + SELFDESTRUCT 5000 (the target is warm).
    assert.equal(out.gasUsed, 26002n);
    db.applyChanges(out.changes);
    assert.equal(db.account(CONTRACT)?.balance, 100n);
    assert.equal(bytesToHex(db.account(CONTRACT)?.code ?? new Uint8Array(0)), bytesToHex(code));
  });

  it("before Cancun a pre-existing contract is deleted", () => {
    const db = makeState([
      [CONTRACT, { code: asm(`PUSH20 ${h(BENEFICIARY)} SELFDESTRUCT`), balance: 100n, nonce: 1n }],
    ]);
    const out = runTx(db, { to: CONTRACT, gasLimit: 100_000n, fork: Fork.Shanghai });
    assert.equal(out.status, 1);
    assert.equal(out.gasUsed, 53603n);
    db.applyChanges(out.changes);
    assert.equal(db.account(CONTRACT), undefined);
    assert.equal(db.account(BENEFICIARY)?.balance, 100n);
  });
});

describe("CREATE2 (EIP-1014)", () => {
  const initcode = "0x615fff5f526002601ef3"; // deploys 0x5fff
  const salt = 0x2an;
  const program = `PUSH10 ${initcode} PUSH0 MSTORE PUSH1 ${h(salt)} PUSH1 10 PUSH1 22 PUSH0 CREATE2`;

  it("creates at keccak256(0xff ++ sender ++ salt ++ keccak256(initcode))[12:]", () => {
    // PUSH10 3 + PUSH0 2 + MSTORE 3+3 + 3·PUSH1 9 + PUSH0 2 + CREATE2 (32000 + hashing 6·1 word + EIP-3860
    // 2·1 word) 32008; initcode: PUSH2 3 + PUSH0 2 + MSTORE 3+3 + PUSH1 3 + PUSH1 3 + RETURN 0 = 17, plus the
    // 2-byte deposit 400; then RETURN_TOP: PUSH0 2 + MSTORE 3 + PUSH1 3 + PUSH0 2 = 10. Total 32457.
    const r = runCode(`${program} ${RETURN_TOP}`, { gas: 100_000n });
    assertStatus(r, Status.Return);
    const expected = create2Address(CONTRACT, salt, keccak256(asm(`raw:${initcode}`)));
    assert.equal(addressToHex(word(r.output)), addressToHex(expected));
    assert.equal(bytesToHex(r.journal.get(expected).code), "0x5fff");
    assert.equal(r.gasUsed, 32457n);
  });

  it("a second CREATE2 with the same salt and initcode collides and pushes 0", () => {
    const r = runCode(`${program} PUSH1 ${h(salt)} PUSH1 10 PUSH1 22 PUSH0 CREATE2 ${RETURN_TOP}`);
    assertStatus(r, Status.Return);
    assert.equal(word(r.output), 0n);
  });
});

describe("EIP-3541: new code starting with 0xEF is rejected", () => {
  /** Initcode (10 bytes, no PUSH0 so that it runs before Shanghai) returning the one byte `b`. */
  const returning = (b: number) => asm(`PUSH1 ${b} PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN`);

  it("a creation transaction deploying 0xEF fails and burns all its gas", () => {
    const db = makeState();
    const out = runTx(db, { data: returning(0xef), gasLimit: 100_000n });
    assert.equal(out.status, 0);
    assert.equal(out.gasUsed, 100_000n);
    assert.equal(out.createdAddress, undefined);
    db.applyChanges(out.changes);
    assert.equal(db.account(createAddress(SENDER, 0n)), undefined);
    assert.equal(db.account(SENDER)?.nonce, 1n, "the nonce is still used");
  });

  it("0xFE as the first byte deploys", () => {
    const db = makeState();
    const out = runTx(db, { data: returning(0xfe), gasLimit: 100_000n });
    assert.equal(out.status, 1);
    db.applyChanges(out.changes);
    assert.equal(bytesToHex(db.account(createAddress(SENDER, 0n))?.code ?? new Uint8Array(0)), "0xfe");
  });

  it("CREATE of 0xEF code pushes 0", () => {
    // The initcode (10 bytes) stored right-aligned in the first word.
    const r = runCode(
      `PUSH10 ${bytesToHex(returning(0xef))} PUSH0 MSTORE PUSH1 10 PUSH1 22 PUSH0 CREATE ${RETURN_TOP}`,
    );
    assertStatus(r, Status.Return);
    assert.equal(word(r.output), 0n);
  });

  it("before London 0xEF code deploys", () => {
    const db = makeState();
    const out = runTx(db, { data: returning(0xef), gasLimit: 100_000n, fork: Fork.Berlin, env: { baseFee: 0n } });
    assert.equal(out.status, 1);
  });
});

describe("EIP-3860: initcode size limit", () => {
  it("a creation transaction with 49153 bytes of initcode is invalid", () => {
    const out = tryTx(makeState(), { data: new Uint8Array(49153), gasLimit: 1_000_000n });
    assert.equal(out.valid, false);
    assert.equal(out.valid === false && out.reason, "INITCODE_SIZE_EXCEEDED");
  });

  it("49152 bytes are accepted and charged 2 per word", () => {
    // 53000 + 49152 zero bytes · 4 = 196608 + 1536 words · 2 = 3072: 252680; the initcode is all STOPs.
    const out = runTx(makeState(), { data: new Uint8Array(49152), gasLimit: 1_000_000n });
    assert.equal(out.status, 1);
    assert.equal(out.gasUsed, 252680n);
  });

  it("CREATE with 49152 bytes of initcode: exact gas", () => {
    // PUSH2 3 + PUSH0 2 + PUSH0 2 + CREATE 32000 + memory for 1536 words (3·1536 + 1536²/512 = 4608 + 4608)
    // 9216 + initcode words 2·1536 = 3072 = 44295; the initcode (zeros) stops at once and deposits nothing.
    const r = runCode("PUSH2 0xc000 PUSH0 PUSH0 CREATE STOP", { gas: 100_000n });
    assertStatus(r, Status.Stop);
    assert.notEqual(r.stack[0], 0n);
    assert.equal(r.gasUsed, 44295n);
  });

  it("CREATE with 49153 bytes of initcode is an exceptional halt", () => {
    assertHalt(runCode("PUSH2 0xc001 PUSH0 PUSH0 CREATE STOP"), Status.OutOfGas);
    assertHalt(runCode("PUSH0 PUSH2 0xc001 PUSH0 PUSH0 CREATE2 STOP"), Status.OutOfGas);
  });

  it("before Shanghai there is no limit and no word charge", () => {
    // PUSH2 3 + PUSH1 3 + PUSH1 3 + CREATE 32000 + memory for 1537 words (4611 + floor(1537²/512) = 4614) 9225
    // = 41234.
    const r = runCode("PUSH2 0xc001 PUSH1 0 PUSH1 0 CREATE STOP", { gas: 100_000n, fork: Fork.Paris });
    assertStatus(r, Status.Stop);
    assert.notEqual(r.stack[0], 0n);
    assert.equal(r.gasUsed, 41234n);
  });
});

describe("gas refund cap (EIP-3529: gas used / 5)", () => {
  it("clearing one slot: the refund of 4800 is under the cap", () => {
    // PUSH0 2 + PUSH0 2 + SSTORE (cold 2100 + reset 2900) 5000 = 5004; used 26004; cap floor(26004/5) = 5200;
    // refund 4800 -> 21204.
    const db = makeState([[CONTRACT, { code: asm("PUSH0 PUSH0 SSTORE STOP"), storage: [[0n, 1n]] }]]);
    const out = runTx(db, { to: CONTRACT, gasLimit: 100_000n });
    assert.equal(out.status, 1);
    assert.equal(out.gasUsed, 21204n);
  });

  it("clearing two slots: the refund of 9600 is capped at a fifth", () => {
    // 5004 + PUSH0 2 + PUSH1 3 + SSTORE 5000 = 10009; used 31009; cap floor(31009/5) = 6201 < 9600 -> 24808.
    const db = makeState([
      [
        CONTRACT,
        {
          code: asm("PUSH0 PUSH0 SSTORE PUSH0 PUSH1 1 SSTORE STOP"),
          storage: [
            [0n, 1n],
            [1n, 1n],
          ],
        },
      ],
    ]);
    const out = runTx(db, { to: CONTRACT, gasLimit: 100_000n, gasPrice: 10n });
    assert.equal(out.status, 1);
    assert.equal(out.gasUsed, 24808n);
    db.applyChanges(out.changes);
    assert.equal(db.account(SENDER)?.balance, SENDER_BALANCE - 24808n * 10n);
    // The coinbase earns the tip (10 - base fee 7) on the gas used after the refund.
    assert.equal(db.account(COINBASE)?.balance, 24808n * 3n);
  });

  it("setting and clearing a fresh slot: the 19900 refund is capped", () => {
    // PUSH1 3 + PUSH0 2 + SSTORE 0->1 (cold 2100 + 20000) 22100, then PUSH0 2 + PUSH0 2 + SSTORE 1->0 (warm,
    // original 0: 100, refund 20000 - 100 = 19900) = 22209; used 43209; cap floor(43209/5) = 8641 -> 34568.
    const db = makeState([[CONTRACT, { code: asm("PUSH1 1 PUSH0 SSTORE PUSH0 PUSH0 SSTORE STOP") }]]);
    const out = runTx(db, { to: CONTRACT, gasLimit: 100_000n });
    assert.equal(out.status, 1);
    assert.equal(out.gasUsed, 34568n);
  });
});

describe("gas above 2^52 (number part plus bigint reserve)", () => {
  it("GAS reads the exact amount", () => {
    const r = runCode("GAS STOP", { gas: 1n << 64n });
    assert.deepEqual(r.stack, [(1n << 64n) - 2n]);
  });

  it("charges are exact across the 2^52 split", () => {
    const r = runCode("PUSH1 1 PUSH1 2 ADD STOP", { gas: (1n << 52n) + 9n });
    assertStatus(r, Status.Stop);
    assert.equal(r.gasLeft, 1n << 52n);
  });

  it("CALL passes all but 1/64 of a huge amount exactly", () => {
    // As in the 100000-gas case: T = 2^64 - 16 - 3 - 2600 before the call; the callee gets T - floor(T/64)
    // and reads 2 less; the whole run uses 2639.
    const g = 1n << 64n;
    const t = g - 2619n;
    const r = runCode(`PUSH1 32 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${h(OTHER)} GAS CALL PUSH1 32 PUSH0 RETURN`, {
      gas: g,
      accounts: [[OTHER, { code: asm(`GAS ${RETURN_TOP}`) }]],
    });
    assertStatus(r, Status.Return);
    assert.equal(word(r.output), t - t / 64n - 2n);
    assert.equal(r.gasUsed, 2639n);
  });

  it("the EIP-2200 stipend check counts the reserve too", () => {
    // The state a frame reaches after burning 2^52 - 50 gas from a total of 2^52 + 100 without a refill.
    const r = runCode("STOP");
    const f = new Frame();
    f.reset();
    f.address = CONTRACT;
    f.setTotalGas((1n << 52n) + 100n);
    f.gas = 50;
    assert.equal(f.totalGas(), 150n);
    // A warm no-op store (0 -> 0) costs 100: affordable, but forbidden with 150 <= 2300 left.
    r.journal.warmSlot(r.journal.get(CONTRACT), 0n);
    f.stack[0] = 0n; // value
    f.stack[1] = 0n; // slot
    f.sp = 2;
    assert.equal(statusName(sstore(r.evm, f)), statusName(Status.OutOfGas));
  });
});
