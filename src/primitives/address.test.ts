import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addressToHex, create2Address, createAddress, hexToAddress } from "./address.js";
import { hexToBytes } from "./hex.js";
import { keccak256 } from "./keccak.js";

describe("create2Address (EIP-1014 examples)", () => {
  const cases: Array<[sender: string, salt: string, initcode: string, expected: string]> = [
    ["0x0000000000000000000000000000000000000000", "0x00", "0x00", "0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38"],
    ["0xdeadbeef00000000000000000000000000000000", "0x00", "0x00", "0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3"],
    [
      "0xdeadbeef00000000000000000000000000000000",
      "0x000000000000000000000000feed000000000000000000000000000000000000",
      "0x00",
      "0xD04116cDd17beBE565EB2422F2497E06cC1C9833",
    ],
    ["0x0000000000000000000000000000000000000000", "0x00", "0xdeadbeef", "0x70f2b2914A2a4b783FaEFb75f459A580616Fcb5e"],
    [
      "0x00000000000000000000000000000000deadbeef",
      "0xcafebabe",
      "0xdeadbeef",
      "0x60f3f640a8508fC6a86d45DF051962668E1e8AC7",
    ],
    [
      "0x00000000000000000000000000000000deadbeef",
      "0xcafebabe",
      "0xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
      "0x1d8bfDC5D46DC4f61D6b6115972536eBE6A8854C",
    ],
    ["0x0000000000000000000000000000000000000000", "0x00", "0x", "0xE33C0C7F7df4809055C3ebA6c09CFe4BaF1BD9e0"],
  ];
  for (const [i, [sender, salt, initcode, expected]] of cases.entries()) {
    it(`example ${i}`, () => {
      const got = create2Address(hexToAddress(sender), BigInt(salt), keccak256(hexToBytes(initcode)));
      assert.equal(addressToHex(got), expected.toLowerCase());
    });
  }
});

describe("createAddress", () => {
  const sender = hexToAddress("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
  const expected = [
    "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d",
    "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8",
    "0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91",
    "0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c",
  ];
  for (const [nonce, address] of expected.entries()) {
    it(`nonce ${nonce}`, () => {
      assert.equal(addressToHex(createAddress(sender, BigInt(nonce))), address);
    });
  }
});

describe("addressToHex / hexToAddress", () => {
  it("round-trips with leading zeros kept", () => {
    assert.equal(addressToHex(1n), "0x0000000000000000000000000000000000000001");
    assert.equal(hexToAddress("0x0000000000000000000000000000000000000001"), 1n);
  });
});
