/**
 * Random blocks for the sequential == parallel property: a few funded senders, a few receivers, and small
 * hand-assembled contracts that make transactions conflict in every way the executor must handle — storage
 * read-modify-write, value forwarding, balance reads (the beneficiary's included), self-destruction, creation.
 * The beneficiary is sometimes a fresh address, sometimes a sender, sometimes a contract.
 */
import fc from "fast-check";
import { canonicalResult } from "../src/block/compare.js";
import { InvalidBlockError } from "../src/block/errors.js";
import type { BlockResult } from "../src/block/execute.js";
import { EMPTY_UNCLE_HASH, headerHash } from "../src/block/header.js";
import type { Block } from "../src/block/types.js";
import { Fork } from "../src/forks.js";
import { hexToBytes } from "../src/primitives/hex.js";
import { keccak256 } from "../src/primitives/keccak.js";
import { MemoryDatabase } from "../src/state/memory.js";
import { privateKeyToAddress, signTransaction } from "../src/tx/sign.js";

/** slot = calldata[0]; sstore(slot, sload(slot) + 1); log1(topic = slot). */
const COUNTER = "6000358054600101905560003560006000a100";
/** call(gas, calldata[0], callvalue, 0, 0, 0, 0): forwards the value. */
const FORWARDER = "6000600060006000346000355af15000";
/** sstore(1, balance(calldata[0])). */
const BALANCE_READER = "6000353160015500";
/** selfdestruct(calldata[0]). */
const DESTRUCTOR = "600035ff";
/** create(0, init code "sstore(0, 1)"). */
const CREATOR = "656001600055006000526006601a6000f05000";

const KEYS = Array.from({ length: 6 }, (_, i) => keccak256(new TextEncoder().encode(`random-block-sender-${i}`)));
const SENDERS = KEYS.map((k) => privateKeyToAddress(k));
const RECEIVERS = [0xa1n, 0xa2n, 0xa3n];
const CONTRACTS = { counter: 0xc1n, forwarder: 0xc2n, reader: 0xc3n, destructor: 0xc4n, creator: 0xc5n };
const FRESH_COINBASE = 0xc0ffeen;
const ETHER = 10n ** 18n;
const BASE_FEE = 7n;

export const FORKS = [Fork.Byzantium, Fork.Istanbul, Fork.Berlin, Fork.London, Fork.Shanghai, Fork.Cancun];

export interface TxSpec {
  sender: number;
  kind: number;
  pick: number;
  value: number;
  tip: number;
}

export interface BlockSpec {
  fork: number;
  coinbase: number;
  txs: TxSpec[];
}

export const blockSpec: fc.Arbitrary<BlockSpec> = fc.record({
  fork: fc.integer({ min: 0, max: FORKS.length - 1 }),
  coinbase: fc.integer({ min: 0, max: 2 }),
  txs: fc.array(
    fc.record({
      sender: fc.integer({ min: 0, max: SENDERS.length - 1 }),
      kind: fc.integer({ min: 0, max: 7 }),
      pick: fc.integer({ min: 0, max: 11 }),
      value: fc.integer({ min: 0, max: 3 }),
      tip: fc.integer({ min: 0, max: 2 }),
    }),
    { minLength: 1, maxLength: 40 },
  ),
});

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

function code(hex: string): Uint8Array {
  return hexToBytes(`0x${hex}`);
}

export function preState(): MemoryDatabase {
  const db = new MemoryDatabase();
  const put = (address: bigint, balance: bigint, hex = "", storage: Array<[bigint, bigint]> = []) => {
    const c = code(hex);
    db.setAccount(address, { nonce: hex === "" ? 0n : 1n, balance, code: c, codeHash: keccak256(c) });
    for (const [k, v] of storage) db.setStorage(address, k, v);
  };
  for (const s of SENDERS) put(s, 100n * ETHER);
  put(RECEIVERS[0], 1n);
  put(CONTRACTS.counter, 0n, COUNTER, [[1n, 5n]]);
  put(CONTRACTS.forwarder, 0n, FORWARDER);
  put(CONTRACTS.reader, 0n, BALANCE_READER);
  put(CONTRACTS.destructor, 3n * ETHER, DESTRUCTOR, [
    [0n, 9n],
    [7n, 1n],
  ]);
  put(CONTRACTS.creator, 0n, CREATOR);
  return db;
}

/** Addresses a transaction may target or mention. */
function target(pick: number, coinbase: bigint): bigint {
  const all = [...RECEIVERS, ...SENDERS.slice(0, 4), coinbase, 0xdeadn, CONTRACTS.counter, CONTRACTS.destructor];
  return all[pick % all.length];
}

export function buildBlock(spec: BlockSpec): { block: Block; fork: Fork } {
  const fork = FORKS[spec.fork];
  const coinbase = [FRESH_COINBASE, SENDERS[0], CONTRACTS.counter][spec.coinbase];
  const nonces = SENDERS.map(() => 0n);
  const transactions = spec.txs.map((t) => {
    const value = BigInt(t.value) * 1000n;
    let to: bigint | undefined;
    let data: Uint8Array = new Uint8Array(0);
    switch (t.kind) {
      case 0:
        to = target(t.pick, coinbase);
        break;
      case 1:
        to = CONTRACTS.counter;
        data = word(BigInt(t.pick % 4));
        break;
      case 2:
        to = CONTRACTS.forwarder;
        data = word(target(t.pick, coinbase));
        break;
      case 3:
        to = CONTRACTS.reader;
        data = word(target(t.pick, coinbase));
        break;
      case 4:
        to = CONTRACTS.destructor;
        data = word(target(t.pick, coinbase));
        break;
      case 5:
        to = CONTRACTS.creator;
        break;
      case 6:
        to = undefined;
        data = code("600160005500");
        break;
      default:
        to = target(t.pick + 3, coinbase);
        break;
    }
    const nonce = nonces[t.sender]++;
    return signTransaction(
      { type: 0, chainId: 1n, nonce, gasPrice: BASE_FEE + BigInt(t.tip), gasLimit: 200_000n, to, value, data },
      KEYS[t.sender],
    ).tx;
  });
  const header = {
    parentHash: new Uint8Array(32),
    uncleHash: EMPTY_UNCLE_HASH,
    coinbase,
    stateRoot: new Uint8Array(32),
    transactionsRoot: new Uint8Array(32),
    receiptsRoot: new Uint8Array(32),
    logsBloom: new Uint8Array(256),
    difficulty: fork >= Fork.Paris ? 0n : 1n,
    number: 100n,
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: 1000n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    ...(fork >= Fork.London ? { baseFeePerGas: BASE_FEE } : {}),
    ...(fork >= Fork.Shanghai ? { withdrawalsRoot: new Uint8Array(32) } : {}),
    ...(fork >= Fork.Cancun
      ? { blobGasUsed: 0n, excessBlobGas: 0n, parentBeaconBlockRoot: new Uint8Array(32).fill(3) }
      : {}),
  };
  return {
    block: {
      header,
      hash: headerHash(header),
      transactions,
      uncles: [],
      uncleHashes: [],
      withdrawals:
        fork >= Fork.Shanghai ? [{ index: 0n, validatorIndex: 1n, address: RECEIVERS[1], amount: 5n }] : undefined,
    },
    fork,
  };
}

/** What a run gives for comparison: its canonical result, or the block's rejection (reason and detail). */
export async function resultOrRejection(run: () => BlockResult | Promise<BlockResult>): Promise<unknown> {
  try {
    return canonicalResult(await run());
  } catch (e) {
    if (e instanceof InvalidBlockError) return `${e.reason}: ${e.detail}`;
    throw e;
  }
}
