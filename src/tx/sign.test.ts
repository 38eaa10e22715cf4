import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fork } from "../forks.js";
import { bytesToHex, hexToBytes } from "../primitives/hex.js";
import { decodeTransaction } from "./decode.js";
import { recoverSender } from "./sender.js";
import {
  encodeTransaction,
  privateKeyToAddress,
  SECP256K1_BACKEND,
  secp256k1,
  signingHash,
  signTransaction,
  type UnsignedTransaction,
} from "./sign.js";

const KEY = hexToBytes("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
const KEY_ADDRESS = 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn;
const TO = 0x095e7baea6a6c7c4c2dfeb977efac326af552d87n;

describe("secp256k1 backend", () => {
  it("is the native libsecp256k1 binding, not the elliptic fallback", async () => {
    assert.equal(SECP256K1_BACKEND, "native");
    const { createRequire } = await import("node:module");
    const require = createRequire(import.meta.url);
    assert.equal(secp256k1, require("secp256k1/bindings.js"));
    assert.notEqual(secp256k1, require("secp256k1/elliptic.js"));
  });
});

describe("signTransaction / encodeTransaction / signingHash", () => {
  it("derives the address of the standard test key", () => {
    assert.equal(privateKeyToAddress(KEY), KEY_ADDRESS);
    assert.equal(privateKeyToAddress(KEY), KEY_ADDRESS); // cached
  });

  it("reproduces the EIP-155 example", () => {
    const key = new Uint8Array(32).fill(0x46);
    const fields: UnsignedTransaction = {
      type: 0,
      chainId: 1n,
      nonce: 9n,
      gasPrice: 20_000_000_000n,
      gasLimit: 21000n,
      to: 0x3535353535353535353535353535353535353535n,
      value: 10n ** 18n,
    };
    const { tx, raw } = signTransaction(fields, key);
    assert.equal(bytesToHex(signingHash(tx)), "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    assert.equal(
      bytesToHex(raw),
      "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
    );
    assert.equal(tx.v, 37n);
    assert.equal(tx.sender, 0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4fn);
  });

  const blobHash = new Uint8Array(32);
  blobHash[0] = 1;
  blobHash[31] = 9;
  const cases: [string, UnsignedTransaction][] = [
    ["legacy, pre-EIP-155", { type: 0, nonce: 0n, gasPrice: 10n, gasLimit: 21000n, to: TO, value: 5n }],
    ["legacy, EIP-155", { type: 0, chainId: 1n, nonce: 1n, gasPrice: 10n, gasLimit: 21000n, to: TO }],
    [
      "legacy creation",
      { type: 0, chainId: 1n, nonce: 2n, gasPrice: 10n, gasLimit: 90000n, data: Uint8Array.of(0x60, 0) },
    ],
    [
      "type 1 with access list",
      {
        type: 1,
        nonce: 3n,
        gasPrice: 7n,
        gasLimit: 50000n,
        to: TO,
        data: Uint8Array.of(1, 2, 3),
        accessList: [
          { address: TO, storageKeys: [0n, 1n << 255n] },
          { address: 1n, storageKeys: [] },
        ],
      },
    ],
    [
      "type 2 creation, long data",
      {
        type: 2,
        nonce: 4n,
        maxFeePerGas: 10n ** 11n,
        maxPriorityFeePerGas: 10n ** 9n,
        gasLimit: 10n ** 6n,
        data: new Uint8Array(3000).fill(0xab),
      },
    ],
    [
      "type 3",
      {
        type: 3,
        chainId: 1n,
        nonce: 5n,
        maxFeePerGas: 10n,
        maxPriorityFeePerGas: 1n,
        gasLimit: 21000n,
        to: TO,
        value: (1n << 256n) - 1n,
        maxFeePerBlobGas: 3n,
        blobVersionedHashes: [blobHash, blobHash],
      },
    ],
  ];
  for (const [name, fields] of cases) {
    it(`round-trips ${name}: sign → encode → decode`, () => {
      const { tx, raw } = signTransaction(fields, KEY);
      assert.equal(tx.sender, KEY_ADDRESS);
      const decoded = decodeTransaction(raw, Fork.Cancun);
      assert.deepEqual(decoded, tx);
      assert.deepEqual(encodeTransaction(decoded), raw);
      assert.equal(recoverSender(tx), KEY_ADDRESS);
      assert.ok(tx.s <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n, "low s");
    });
  }

  it("signs pre- and post-EIP-155 legacy payloads differently", () => {
    const base: UnsignedTransaction = { type: 0, nonce: 0n, gasPrice: 1n, gasLimit: 21000n, to: TO };
    const a = signTransaction(base, KEY).tx;
    const b = signTransaction({ ...base, chainId: 1n }, KEY).tx;
    assert.notDeepEqual(signingHash(a), signingHash(b));
    assert.ok(a.v === 27n || a.v === 28n);
    assert.ok(b.v === 37n || b.v === 38n);
    assert.equal(a.chainId, undefined);
  });

  it("rejects a blob transaction without `to`", () => {
    assert.throws(() => signTransaction({ type: 3, nonce: 0n, maxFeePerGas: 1n, gasLimit: 21000n }, KEY), /"to"/);
  });
});
