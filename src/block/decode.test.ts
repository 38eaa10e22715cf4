import assert from "node:assert/strict";
import { test } from "node:test";
import { Fork } from "../forks.js";
import { bytesToHex } from "../primitives/hex.js";
import { type RlpInput, rlpDecode, rlpEncode } from "../primitives/rlp.js";
import { signTransaction } from "../tx/sign.js";
import { decodeBlock } from "./decode.js";
import { BlockDecodeError } from "./errors.js";
import { type BlockHeader, EMPTY_UNCLE_HASH, encodeHeader, headerFields, headerHash } from "./header.js";

const HEADER: BlockHeader = {
  parentHash: new Uint8Array(32).fill(1),
  uncleHash: EMPTY_UNCLE_HASH,
  coinbase: 0xc0ffeen,
  stateRoot: new Uint8Array(32).fill(2),
  transactionsRoot: new Uint8Array(32).fill(3),
  receiptsRoot: new Uint8Array(32).fill(4),
  logsBloom: new Uint8Array(256),
  difficulty: 0n,
  number: 7n,
  gasLimit: 30_000_000n,
  gasUsed: 21_000n,
  timestamp: 1_700_000_000n,
  extraData: Uint8Array.of(0xaa),
  mixHash: new Uint8Array(32).fill(5),
  nonce: new Uint8Array(8),
  baseFeePerGas: 7n,
  withdrawalsRoot: new Uint8Array(32).fill(6),
};

const cancun = () => Fork.Cancun;

function blockRlp(fields: RlpInput[], txs: RlpInput[] = [], withWithdrawals = true): Uint8Array {
  return rlpEncode(withWithdrawals ? [fields, txs, [], []] : [fields, txs, []]);
}

function rejects(rlp: Uint8Array, field: string, reason: string): void {
  assert.throws(
    () => decodeBlock(rlp, cancun),
    (e: unknown) => e instanceof BlockDecodeError && e.field === field && e.reason === reason,
  );
}

test("a block round-trips: header fields, hash, transactions with senders, withdrawals", () => {
  const tx = signTransaction(
    {
      type: 2,
      chainId: 1n,
      nonce: 0n,
      maxFeePerGas: 10n,
      maxPriorityFeePerGas: 1n,
      gasLimit: 21000n,
      to: 0xbeefn,
      value: 5n,
      data: new Uint8Array(0),
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
    },
    new Uint8Array(32).fill(9),
  );
  const legacy = signTransaction(
    {
      type: 0,
      chainId: 1n,
      nonce: 1n,
      maxFeePerGas: 10n,
      maxPriorityFeePerGas: 10n,
      gasLimit: 21000n,
      to: 0xbeefn,
      value: 0n,
      data: new Uint8Array(0),
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
    },
    new Uint8Array(32).fill(9),
  );
  const rlp = rlpEncode([
    headerFields(HEADER),
    [tx.raw, rlpDecode(legacy.raw)],
    [],
    [[Uint8Array.of(1), Uint8Array.of(2), new Uint8Array(20).fill(0xab), Uint8Array.of(3)]],
  ]);
  const block = decodeBlock(rlp, cancun);
  assert.equal(bytesToHex(block.hash), bytesToHex(headerHash(HEADER)));
  assert.equal(bytesToHex(encodeHeader(block.header)), bytesToHex(encodeHeader(HEADER)));
  assert.equal(block.transactions.length, 2);
  assert.equal(block.transactions[0].sender, tx.tx.sender);
  assert.equal(block.transactions[1].sender, tx.tx.sender);
  assert.deepEqual(block.withdrawals, [
    { index: 1n, validatorIndex: 2n, address: BigInt(`0x${"ab".repeat(20)}`), amount: 3n },
  ]);
  assert.deepEqual(block.uncles, []);
});

test("malformed blocks name the field and the reason class", () => {
  const fields = headerFields(HEADER);
  const withField = (i: number, v: Uint8Array) => fields.map((f, j) => (j === i ? v : f));
  rejects(blockRlp(withField(2, new Uint8Array(19))), "header.coinbase", "BlockException.RLP_INVALID_ADDRESS");
  rejects(
    blockRlp(withField(8, new Uint8Array(9).fill(1))),
    "header.number",
    "BlockException.RLP_INVALID_FIELD_OVERFLOW_64",
  );
  rejects(blockRlp(withField(9, Uint8Array.of(0, 1))), "header.gasLimit", "BlockException.RLP_STRUCTURES_ENCODING");
  rejects(blockRlp(fields.slice(0, 14)), "header", "BlockException.RLP_STRUCTURES_ENCODING");
  rejects(blockRlp(fields, [], false), "withdrawals", "BlockException.RLP_WITHDRAWALS_NOT_READ");
  const good = blockRlp(fields);
  const trailing = new Uint8Array(good.length + 1);
  trailing.set(good);
  rejects(trailing, "block", "BlockException.RLP_STRUCTURES_ENCODING");
  rejects(
    blockRlp(fields, [Uint8Array.of(2, 0xc0)]),
    "transactions[0].chainId",
    "TransactionException.INVALID_TRANSACTION_ENCODING",
  );
});
