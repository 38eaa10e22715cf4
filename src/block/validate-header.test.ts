import assert from "node:assert/strict";
import { test } from "node:test";
import { Fork } from "../forks.js";
import { InvalidBlockError } from "./errors.js";
import { type BlockHeader, EMPTY_UNCLE_HASH } from "./header.js";
import {
  expectedBaseFee,
  expectedExcessBlobGas,
  TARGET_BLOB_GAS_PER_BLOCK,
  validateHeader,
} from "./validate-header.js";

function header(overrides: Partial<BlockHeader> = {}): BlockHeader {
  return {
    parentHash: new Uint8Array(32),
    uncleHash: EMPTY_UNCLE_HASH,
    coinbase: 0n,
    stateRoot: new Uint8Array(32),
    transactionsRoot: new Uint8Array(32),
    receiptsRoot: new Uint8Array(32),
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: 1n,
    gasLimit: 30_000_000n,
    gasUsed: 15_000_000n,
    timestamp: 12n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: 1_000_000_000n,
    withdrawalsRoot: new Uint8Array(32),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: new Uint8Array(32),
    ...overrides,
  };
}

function rejects(fn: () => void, reason: string): void {
  assert.throws(fn, (e: unknown) => e instanceof InvalidBlockError && e.reason === `BlockException.${reason}`);
}

test("EIP-1559 base fee: unchanged at target, +12.5% when full, -12.5% when empty, 1 gwei at the fork", () => {
  const parent = header({ gasLimit: 30_000_000n, baseFeePerGas: 800n });
  assert.equal(expectedBaseFee({ ...parent, gasUsed: 15_000_000n }, Fork.Cancun), 800n);
  assert.equal(expectedBaseFee({ ...parent, gasUsed: 30_000_000n }, Fork.Cancun), 900n);
  assert.equal(expectedBaseFee({ ...parent, gasUsed: 0n }, Fork.Cancun), 700n);
  // A tiny excess still raises the fee by at least 1 wei.
  assert.equal(expectedBaseFee({ ...parent, gasUsed: 15_000_001n }, Fork.Cancun), 801n);
  assert.equal(expectedBaseFee(parent, Fork.Berlin), 1_000_000_000n);
});

test("EIP-4844 excess blob gas carries over what exceeds the target", () => {
  assert.equal(expectedExcessBlobGas(header({ excessBlobGas: 0n, blobGasUsed: 131072n })), 0n);
  assert.equal(
    expectedExcessBlobGas(header({ excessBlobGas: 0n, blobGasUsed: 786432n })),
    786432n - TARGET_BLOB_GAS_PER_BLOCK,
  );
  assert.equal(expectedExcessBlobGas(header({ excessBlobGas: 100n, blobGasUsed: TARGET_BLOB_GAS_PER_BLOCK })), 100n);
});

test("header rules against the parent, each with its reason class", () => {
  const parent = header({ number: 0n, timestamp: 0n });
  const child = (o: Partial<BlockHeader>) => header({ baseFeePerGas: expectedBaseFee(parent, Fork.Cancun), ...o });
  validateHeader(child({}), parent, Fork.Cancun, Fork.Cancun);
  rejects(() => validateHeader(child({ number: 2n }), parent, Fork.Cancun, Fork.Cancun), "INVALID_BLOCK_NUMBER");
  rejects(
    () => validateHeader(child({ timestamp: 0n }), parent, Fork.Cancun, Fork.Cancun),
    "INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT",
  );
  rejects(
    () => validateHeader(child({ extraData: new Uint8Array(33) }), parent, Fork.Cancun, Fork.Cancun),
    "EXTRA_DATA_TOO_BIG",
  );
  // The limit may move by less than 1/1024 of the parent's.
  validateHeader(child({ gasLimit: 30_000_000n + 29_295n }), parent, Fork.Cancun, Fork.Cancun);
  rejects(
    () => validateHeader(child({ gasLimit: 30_000_000n + 29_296n }), parent, Fork.Cancun, Fork.Cancun),
    "INVALID_GASLIMIT",
  );
  rejects(
    () => validateHeader(child({ gasLimit: 0n, gasUsed: 0n }), parent, Fork.Cancun, Fork.Cancun),
    "INVALID_GASLIMIT",
  );
  rejects(() => validateHeader(child({ gasUsed: 30_000_001n }), parent, Fork.Cancun, Fork.Cancun), "GAS_USED_OVERFLOW");
  rejects(
    () => validateHeader(child({ baseFeePerGas: 1n }), parent, Fork.Cancun, Fork.Cancun),
    "INVALID_BASEFEE_PER_GAS",
  );
  rejects(
    () => validateHeader(child({ difficulty: 1n }), parent, Fork.Cancun, Fork.Cancun),
    "IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS",
  );
  rejects(
    () => validateHeader(child({ uncleHash: new Uint8Array(32) }), parent, Fork.Cancun, Fork.Cancun),
    "IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS",
  );
  rejects(
    () => validateHeader(child({ excessBlobGas: 1n }), parent, Fork.Cancun, Fork.Cancun),
    "INCORRECT_EXCESS_BLOB_GAS",
  );
  rejects(
    () => validateHeader(child({ blobGasUsed: 1n }), parent, Fork.Cancun, Fork.Cancun),
    "INCORRECT_BLOB_GAS_USED",
  );
  rejects(
    () => validateHeader(child({ parentBeaconBlockRoot: undefined }), parent, Fork.Cancun, Fork.Cancun),
    "INCORRECT_BLOCK_FORMAT",
  );
  rejects(() => validateHeader(child({}), parent, Fork.Shanghai, Fork.Shanghai), "INCORRECT_BLOCK_FORMAT");
});

test("at the London fork block the parent's gas limit counts twice (elasticity)", () => {
  const parent = header({ number: 0n, timestamp: 0n, gasLimit: 15_000_000n, baseFeePerGas: undefined });
  const london = (o: Partial<BlockHeader>) =>
    header({
      withdrawalsRoot: undefined,
      blobGasUsed: undefined,
      excessBlobGas: undefined,
      parentBeaconBlockRoot: undefined,
      difficulty: 1n,
      nonce: new Uint8Array(8),
      ...o,
    });
  validateHeader(
    london({ gasLimit: 30_000_000n, gasUsed: 0n, uncleHash: new Uint8Array(32) }),
    parent,
    Fork.London,
    Fork.Berlin,
  );
  rejects(
    () => validateHeader(london({ gasLimit: 15_000_000n, gasUsed: 0n }), parent, Fork.London, Fork.Berlin),
    "INVALID_GASLIMIT",
  );
});
