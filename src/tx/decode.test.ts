import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { missingFixturesMessage, requireFixtures } from "../fixtures/paths.js";
import { Fork, forkFromName } from "../forks.js";
import { addressToBytes } from "../primitives/address.js";
import { bigIntToMinimalBytes, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from "../primitives/hex.js";
import { type RlpInput, rlpEncode } from "../primitives/rlp.js";
import { decodeTransaction } from "./decode.js";
import { TxDecodeError } from "./errors.js";
import { SECP256K1_N } from "./sender.js";
import { encodeTransaction, signTransaction } from "./sign.js";
import type { Transaction } from "./types.js";

const KEY = hexToBytes("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
const TO = 0x095e7baea6a6c7c4c2dfeb977efac326af552d87n;

/** Expects decoding to throw a TxDecodeError for `field`. */
function rejects(bytes: Uint8Array, field: string, fork?: Fork): void {
  assert.throws(
    () => decodeTransaction(bytes, fork),
    (e: unknown) => {
      assert.ok(e instanceof TxDecodeError, `expected TxDecodeError, got ${String(e)}`);
      assert.equal(e.field, field, e.message);
      assert.ok(e.message.includes(field));
      return true;
    },
  );
}

const u = bigIntToMinimalBytes;
const empty = new Uint8Array(0);

/** A type-2 transaction's items with an invalid signature (r = 0), for structural tests (they fail before recovery). */
function type2Items(): RlpInput[] {
  return [u(1n), u(0n), u(1n), u(10n), u(21000n), addressToBytes(TO), u(0n), empty, [], u(0n), u(0n), u(1n)];
}
const typed = (type: number, items: RlpInput[]) => concatBytes(Uint8Array.of(type), rlpEncode(items));

describe("decodeTransaction: strictness", () => {
  it("rejects empty input, unknown types and non-list legacy", () => {
    rejects(new Uint8Array(0), "transaction");
    rejects(Uint8Array.of(0x04, 0xc0), "type");
    rejects(Uint8Array.of(0x7f, 0xc0), "type");
    rejects(Uint8Array.of(0x83, 1, 2, 3), "transaction");
  });

  it("rejects trailing bytes, short and long lists", () => {
    const { raw } = signTransaction({ type: 2, nonce: 0n, maxFeePerGas: 10n, gasLimit: 21000n, to: TO }, KEY);
    decodeTransaction(raw);
    rejects(concatBytes(raw, Uint8Array.of(0)), "transaction");
    rejects(typed(2, type2Items().slice(0, 11)), "s");
    rejects(typed(2, [...type2Items(), u(1n)]), "transaction");
    const legacy = signTransaction({ type: 0, nonce: 0n, gasPrice: 1n, gasLimit: 21000n, to: TO }, KEY).raw;
    decodeTransaction(legacy);
    rejects(concatBytes(legacy, Uint8Array.of(0x80)), "transaction");
    rejects(rlpEncode([u(0n), u(1n), u(21000n), addressToBytes(TO), u(0n), empty, u(27n), u(1n)]), "s");
  });

  it("rejects non-canonical integers and RLP", () => {
    const items = type2Items();
    items[1] = Uint8Array.of(0, 1); // nonce with a leading zero
    rejects(typed(2, items), "nonce");
    const zero = type2Items();
    zero[6] = Uint8Array.of(0); // value 0 written as 0x00
    rejects(typed(2, zero), "value");
    // nonce 5 written 0x81 0x05 instead of 0x05
    const encoded = type2Items().map((item) => rlpEncode(item));
    const rawTyped = (parts: Uint8Array[]) => {
      const payload = concatBytes(...parts);
      assert.ok(payload.length < 56);
      return concatBytes(Uint8Array.of(2, 0xc0 + payload.length), payload);
    };
    rejects(rawTyped(encoded), "signature"); // well-formed apart from its dummy signature
    rejects(rawTyped([encoded[0], Uint8Array.of(0x81, 0x05), ...encoded.slice(2)]), "nonce");
    // data of 3 bytes written with a long-form length prefix
    rejects(rawTyped([...encoded.slice(0, 7), Uint8Array.of(0xb8, 3, 1, 2, 3), ...encoded.slice(8)]), "data");
    // a length prefix that runs past the end
    rejects(rawTyped([...encoded.slice(0, 7), Uint8Array.of(0x85, 1, 2)]), "data");
  });

  it("rejects integers over 32 bytes, bad `to`, bad access lists, bad y-parity", () => {
    const big = type2Items();
    big[6] = new Uint8Array(33).fill(1);
    rejects(typed(2, big), "value");
    const to19 = type2Items();
    to19[5] = new Uint8Array(19).fill(1);
    rejects(typed(2, to19), "to");
    const toList = type2Items();
    toList[5] = [];
    rejects(typed(2, toList), "to");
    const al = type2Items();
    al[8] = [[addressToBytes(TO), [new Uint8Array(31)]]];
    rejects(typed(2, al), "accessList.storageKeys");
    al[8] = [[addressToBytes(TO), [], []]];
    rejects(typed(2, al), "accessList");
    al[8] = [[new Uint8Array(21), []]];
    rejects(typed(2, al), "accessList.address");
    const parity = type2Items();
    parity[9] = u(2n);
    rejects(typed(2, parity), "yParity");
  });

  it("type 3 requires `to` and 32-byte versioned hashes", () => {
    const base = type2Items().slice(0, 9);
    const hash = new Uint8Array(32);
    hash[0] = 1;
    const sig = [u(0n), u(1n), u(1n)];
    rejects(typed(3, [...base.slice(0, 5), empty, ...base.slice(6), u(1n), [hash], ...sig]), "to");
    rejects(typed(3, [...base, u(1n), [hash.subarray(1)], ...sig]), "blobVersionedHashes");
    rejects(typed(3, [...base, u(1n), hash, ...sig]), "blobVersionedHashes");
  });

  it("checks the signature range and EIP-2 low s", () => {
    const { tx } = signTransaction({ type: 0, nonce: 3n, gasPrice: 1n, gasLimit: 21000n, to: TO }, KEY);
    const withSig = (v: bigint, r: bigint, s: bigint) => encodeTransaction({ ...tx, v, r, s });
    rejects(withSig(tx.v, 0n, tx.s), "signature");
    rejects(withSig(tx.v, SECP256K1_N, tx.s), "signature");
    rejects(withSig(tx.v, tx.r, 0n), "signature");
    // the high-s twin of a valid signature (flipped parity) recovers the same sender, but only in Frontier
    const high = withSig(tx.v === 27n ? 28n : 27n, tx.r, SECP256K1_N - tx.s);
    rejects(high, "signature", Fork.Homestead);
    rejects(high, "signature");
    assert.equal(decodeTransaction(high, Fork.Frontier).sender, tx.sender);
    rejects(withSig(29n, tx.r, tx.s), "v");
  });

  it("gates types and EIP-155 by fork", () => {
    const t1 = signTransaction({ type: 1, nonce: 0n, gasPrice: 1n, gasLimit: 30000n, to: TO }, KEY).raw;
    rejects(t1, "type", Fork.Istanbul);
    decodeTransaction(t1, Fork.Berlin);
    const t2 = signTransaction({ type: 2, nonce: 0n, maxFeePerGas: 1n, gasLimit: 30000n, to: TO }, KEY).raw;
    rejects(t2, "type", Fork.Berlin);
    decodeTransaction(t2, Fork.London);
    const t3 = signTransaction({ type: 3, nonce: 0n, maxFeePerGas: 1n, gasLimit: 30000n, to: TO }, KEY).raw;
    rejects(t3, "type", Fork.Shanghai);
    decodeTransaction(t3, Fork.Cancun);
    const eip155 = signTransaction({ type: 0, chainId: 1n, nonce: 0n, gasPrice: 1n, gasLimit: 21000n, to: TO }, KEY);
    rejects(eip155.raw, "v", Fork.TangerineWhistle);
    assert.equal(decodeTransaction(eip155.raw, Fork.SpuriousDragon).chainId, 1n);
  });
});

// ---------------------------------------------------------------------------------------------------------
// State-test fixtures: every txbytes decodes to the template's fields at its indexes, signed by `sender`.

interface StateTestTx {
  data: string[];
  gasLimit: string[];
  value: string[];
  nonce: string;
  to: string;
  sender: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  accessLists?: ({ address: string; storageKeys: string[] }[] | null)[];
  maxFeePerBlobGas?: string;
  blobVersionedHashes?: string[];
}
interface PostEntry {
  indexes: { data: number; gas: number; value: number };
  txbytes?: string;
  expectException?: string;
}

function checkFields(tx: Transaction, t: StateTestTx, idx: PostEntry["indexes"], label: string): void {
  assert.equal(tx.sender, hexToBigInt(t.sender), `${label}: sender`);
  assert.equal(tx.nonce, hexToBigInt(t.nonce), `${label}: nonce`);
  assert.equal(tx.gasLimit, hexToBigInt(t.gasLimit[idx.gas]), `${label}: gasLimit`);
  assert.equal(tx.value, hexToBigInt(t.value[idx.value]), `${label}: value`);
  assert.equal(bytesToHex(tx.data), bytesToHex(hexToBytes(t.data[idx.data])), `${label}: data`);
  assert.equal(tx.to, t.to === "" ? undefined : hexToBigInt(t.to), `${label}: to`);
  if (t.gasPrice !== undefined) {
    assert.equal(tx.maxFeePerGas, hexToBigInt(t.gasPrice), `${label}: gasPrice`);
    assert.equal(tx.maxPriorityFeePerGas, hexToBigInt(t.gasPrice), `${label}: gasPrice`);
  } else {
    assert.equal(tx.maxFeePerGas, hexToBigInt(t.maxFeePerGas ?? ""), `${label}: maxFeePerGas`);
    assert.equal(tx.maxPriorityFeePerGas, hexToBigInt(t.maxPriorityFeePerGas ?? ""), `${label}: maxPriorityFeePerGas`);
  }
  const al = t.accessLists?.[idx.data] ?? [];
  assert.deepEqual(
    tx.accessList,
    al.map((e) => ({ address: hexToBigInt(e.address), storageKeys: e.storageKeys.map(hexToBigInt) })),
    `${label}: accessList`,
  );
  const expectedType = t.blobVersionedHashes ? 3 : t.maxFeePerGas ? 2 : t.accessLists?.[idx.data] ? 1 : 0;
  assert.equal(tx.type, expectedType, `${label}: type`);
  if (t.blobVersionedHashes) {
    assert.equal(tx.maxFeePerBlobGas, hexToBigInt(t.maxFeePerBlobGas ?? ""), `${label}: maxFeePerBlobGas`);
    assert.deepEqual(tx.blobVersionedHashes.map(bytesToHex), t.blobVersionedHashes, `${label}: blobVersionedHashes`);
  }
}

const fixtures = requireFixtures();
const STATE_DIRS = [
  "ethereum-tests/GeneralStateTests/stExample",
  "ethereum-tests/GeneralStateTests/Pyspecs/cancun/eip4844_blobs",
];

describe("decodeTransaction: state-test txbytes", { skip: fixtures === undefined && missingFixturesMessage() }, () => {
  for (const dir of STATE_DIRS) {
    it(dir, (t) => {
      const folder = path.join(fixtures ?? "", dir);
      let decoded = 0;
      let rejected = 0;
      for (const file of readdirSync(folder).filter((f) => f.endsWith(".json"))) {
        const json = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as Record<
          string,
          { transaction: StateTestTx; post: Record<string, PostEntry[]> }
        >;
        for (const [name, test] of Object.entries(json)) {
          for (const [forkName, entries] of Object.entries(test.post)) {
            const fork = forkFromName(forkName);
            assert.ok(fork !== undefined, forkName);
            entries.forEach((entry, i) => {
              if (entry.txbytes === undefined) return;
              const label = `${file} ${name} ${forkName}[${i}]`;
              let tx: Transaction;
              try {
                tx = decodeTransaction(hexToBytes(entry.txbytes), fork);
              } catch (e) {
                assert.ok(e instanceof TxDecodeError, `${label}: ${String(e)}`);
                assert.ok(entry.expectException, `${label}: valid transaction rejected: ${e.message}`);
                rejected++;
                return;
              }
              checkFields(tx, test.transaction, entry.indexes, label);
              decoded++;
            });
          }
        }
      }
      assert.ok(decoded > 10, `only ${decoded} transactions decoded`);
      t.diagnostic(`${decoded} decoded, ${rejected} rejected (all with expectException)`);
    });
  }
});
