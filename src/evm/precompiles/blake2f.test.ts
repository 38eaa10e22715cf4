import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blake2b } from "@noble/hashes/blake2.js";
import { Fork } from "../../forks.js";
import { bytesToHex, concatBytes, hexToBytes } from "../../primitives/hex.js";
import { blake2bCompress, blake2bCompressJs, blake2f } from "./blake2f.js";

// EIP-152 test vectors (rounds | h | m | t | f); vector 5 is 12 rounds of BLAKE2b-512("abc").
const BODY =
  "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b" +
  "6162630000000000000000000000000000000000000000000000000000000000" +
  "0000000000000000000000000000000000000000000000000000000000000000" +
  "0000000000000000000000000000000000000000000000000000000000000000" +
  "0000000000000000000000000000000000000000000000000000000000000000" +
  "03000000000000000000000000000000";
const vector = (rounds: string, f: string) => hexToBytes(`0x${rounds}${BODY}${f}`);
const GAS = 10n ** 9n;

describe("blake2f (0x09)", () => {
  it("EIP-152 vectors 4-7", () => {
    const cases: [Uint8Array, string, bigint][] = [
      [
        vector("00000000", "01"),
        "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b",
        0n,
      ],
      [
        vector("0000000c", "01"),
        "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
        12n,
      ],
      [
        vector("0000000c", "00"),
        "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735",
        12n,
      ],
      [
        vector("00000001", "01"),
        "b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e08993d53923de3d64fcc68c034e717b9293fed7a421",
        1n,
      ],
    ];
    for (const [input, expected, gas] of cases) {
      const r = blake2f(input, GAS, Fork.Istanbul);
      assert.equal(r.success, true);
      assert.equal(bytesToHex(r.output), `0x${expected}`);
      assert.equal(r.gasUsed, gas);
    }
  });

  it("12 rounds on the BLAKE2b-512 initial state equal the BLAKE2b hash of a one-block message", () => {
    const msg = Uint8Array.from({ length: 100 }, (_, i) => (i * 7 + 1) & 0xff);
    const h = hexToBytes(`0x${BODY.slice(0, 128)}`);
    const block = new Uint8Array(128);
    block.set(msg);
    const t = new Uint8Array(16);
    t[0] = msg.length;
    const input = concatBytes(Uint8Array.of(0, 0, 0, 12), h, block, t, Uint8Array.of(1));
    assert.equal(bytesToHex(blake2f(input, GAS, Fork.Istanbul).output), bytesToHex(blake2b(msg)));
  });

  it("fails on wrong lengths and a final flag other than 0 or 1 (EIP-152 vectors 0-3)", () => {
    const v5 = vector("0000000c", "01");
    assert.equal(blake2f(new Uint8Array(0), GAS, Fork.Istanbul).success, false);
    assert.equal(blake2f(v5.subarray(1), GAS, Fork.Istanbul).success, false);
    assert.equal(blake2f(concatBytes(Uint8Array.of(0), v5), GAS, Fork.Istanbul).success, false);
    assert.equal(blake2f(vector("0000000c", "02"), GAS, Fork.Istanbul).success, false);
  });

  it("charges 1 gas per round, checked before any work", () => {
    const v5 = vector("0000000c", "01");
    assert.equal(blake2f(v5, 12n, Fork.Istanbul).success, true);
    assert.equal(blake2f(v5, 11n, Fork.Istanbul).success, false);
    const max = vector("ffffffff", "01");
    assert.equal(blake2f(max, 0xfffffffen, Fork.Istanbul).success, false);
  });

  it("the WebAssembly compression agrees with the pure-JS one across chunk boundaries", () => {
    assert.notEqual(blake2bCompress, blake2bCompressJs, "WebAssembly path is in use");
    let seed = 12345;
    const rand = (n: number) =>
      Uint8Array.from({ length: n }, () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed >>> 24;
      });
    for (const rounds of [0, 1, 9, 10, 11, 12, 19, 20, 9_999, 10_000, 10_001, 20_000, 20_007]) {
      const h = rand(64);
      const m = rand(128);
      const t = rand(16);
      for (const f of [false, true]) {
        assert.equal(
          bytesToHex(blake2bCompress(rounds, h, m, t, f)),
          bytesToHex(blake2bCompressJs(rounds, h, m, t, f)),
          `rounds=${rounds} f=${f}`,
        );
      }
    }
  });
});
