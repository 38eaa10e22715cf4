import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bn254 } from "@noble/curves/bn254.js";
import { Fork } from "../../forks.js";
import { bigIntToBytes, bytesToHex, concatBytes, hexToBytes } from "../../primitives/hex.js";
import { bn254Add, bn254Mul, bn254Pairing } from "./bn254.js";

const P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
const R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const word = (v: bigint) => bigIntToBytes(v, 32);
const g1 = (x: bigint, y: bigint) => concatBytes(word(x), word(y));
const G1 = g1(1n, 2n);
const NEG_G1 = g1(1n, P - 2n);
const G1_DOUBLE = g1(
  0x030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3n,
  0x15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4n,
);
const INFINITY_G1 = new Uint8Array(64);
// EIP-197's G2 generator, encoded (x_imaginary, x_real, y_imaginary, y_real).
const G2 = concatBytes(
  word(11559732032986387107991004021392285783925812861821192530917403151452391805634n),
  word(10857046999023057135944570762232829481370756359578518086990519993285655852781n),
  word(4082367875863433681332203403145435568316851327593401208105741076214120093531n),
  word(8495653923123431417604973247489272438418190587263600148770280649306958101930n),
);
const INFINITY_G2 = new Uint8Array(128);
const GAS = 10n ** 9n;

/** A point on the G2 twist curve that is not in the order-r subgroup. */
function g2OutsideSubgroup(): Uint8Array {
  const { Fp2 } = bn254.fields;
  const b = bn254.G2.Point.CURVE().b;
  for (let i = 1n; ; i++) {
    const x = Fp2.fromBigTuple([i, 0n]);
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y: ReturnType<typeof Fp2.sqrt>;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      continue;
    }
    const point = bn254.G2.Point.fromAffine({ x, y });
    assert.throws(() => point.assertValidity());
    return concatBytes(word(x.c1), word(x.c0), word(y.c1), word(y.c0));
  }
}

describe("bn254 add (0x06)", () => {
  it("adds: G + G = 2G, G + (-G) = O, O + O = O, G + O = G", () => {
    assert.equal(bytesToHex(bn254Add(concatBytes(G1, G1), GAS, Fork.Istanbul).output), bytesToHex(G1_DOUBLE));
    assert.equal(bytesToHex(bn254Add(concatBytes(G1, NEG_G1), GAS, Fork.Istanbul).output), bytesToHex(INFINITY_G1));
    assert.equal(bytesToHex(bn254Add(new Uint8Array(0), GAS, Fork.Istanbul).output), bytesToHex(INFINITY_G1));
    assert.equal(bytesToHex(bn254Add(G1, GAS, Fork.Istanbul).output), bytesToHex(G1)); // second point zero-padded
    const long = concatBytes(G1, G1, hexToBytes("0xffff"));
    assert.equal(bytesToHex(bn254Add(long, GAS, Fork.Istanbul).output), bytesToHex(G1_DOUBLE));
  });
  it("rejects coordinates >= p and points off the curve", () => {
    assert.equal(bn254Add(concatBytes(g1(1n, 3n), G1), GAS, Fork.Istanbul).success, false);
    assert.equal(bn254Add(concatBytes(G1, g1(P + 1n, 2n)), GAS, Fork.Istanbul).success, false);
    assert.equal(bn254Add(concatBytes(g1(P, 0n), G1), GAS, Fork.Istanbul).success, false);
    assert.equal(bn254Add(concatBytes(g1(0n, 1n), G1), GAS, Fork.Istanbul).success, false);
  });
  it("charges 500 before Istanbul and 150 from it", () => {
    const input = concatBytes(G1, G1);
    assert.equal(bn254Add(input, 500n, Fork.Byzantium).gasUsed, 500n);
    assert.equal(bn254Add(input, 499n, Fork.Petersburg).success, false);
    assert.equal(bn254Add(input, 150n, Fork.Istanbul).gasUsed, 150n);
    assert.equal(bn254Add(input, 149n, Fork.Cancun).success, false);
  });
});

describe("bn254 mul (0x07)", () => {
  it("multiplies: 2G, rG = O, 0G = O, (r+2)G = 2G, kO = O", () => {
    const mul = (p: Uint8Array, k: bigint) => bytesToHex(bn254Mul(concatBytes(p, word(k)), GAS, Fork.Istanbul).output);
    assert.equal(mul(G1, 2n), bytesToHex(G1_DOUBLE));
    assert.equal(mul(G1, R), bytesToHex(INFINITY_G1));
    assert.equal(mul(G1, 0n), bytesToHex(INFINITY_G1));
    assert.equal(mul(G1, R + 2n), bytesToHex(G1_DOUBLE));
    assert.equal(mul(G1, R - 1n), bytesToHex(NEG_G1));
    assert.equal(mul(INFINITY_G1, 5n), bytesToHex(INFINITY_G1));
    assert.equal(mul(G1, (1n << 256n) - 1n), mul(G1, ((1n << 256n) - 1n) % R));
    assert.equal(bytesToHex(bn254Mul(G1, GAS, Fork.Istanbul).output), bytesToHex(INFINITY_G1)); // scalar padded to 0
  });
  it("rejects invalid points", () => {
    assert.equal(bn254Mul(concatBytes(g1(1n, 3n), word(2n)), GAS, Fork.Istanbul).success, false);
    assert.equal(bn254Mul(concatBytes(g1(1n, P + 2n), word(2n)), GAS, Fork.Istanbul).success, false);
  });
  it("charges 40000 before Istanbul and 6000 from it", () => {
    const input = concatBytes(G1, word(3n));
    assert.equal(bn254Mul(input, 40000n, Fork.Byzantium).gasUsed, 40000n);
    assert.equal(bn254Mul(input, 39999n, Fork.Byzantium).success, false);
    assert.equal(bn254Mul(input, 6000n, Fork.Istanbul).gasUsed, 6000n);
    assert.equal(bn254Mul(input, 5999n, Fork.Istanbul).success, false);
  });
});

describe("bn254 pairing (0x08)", () => {
  const check = (input: Uint8Array, fork = Fork.Istanbul) => {
    const r = bn254Pairing(input, GAS, fork);
    return r.success ? bytesToHex(r.output) : "failure";
  };
  const TRUE = bytesToHex(word(1n));
  const FALSE = bytesToHex(word(0n));

  it("empty input is true", () => {
    assert.equal(check(new Uint8Array(0)), TRUE);
  });
  it("e(G1, G2) * e(-G1, G2) = 1 and e(G1, G2)^2 != 1", () => {
    assert.equal(check(concatBytes(G1, G2, NEG_G1, G2)), TRUE);
    assert.equal(check(concatBytes(G1, G2, G1, G2)), FALSE);
    assert.equal(check(concatBytes(G1, G2)), FALSE);
  });
  it("e(aG1, bG2) * e(-abG1, G2) = 1 with points from noble", () => {
    const a = 123456789n;
    const b = 987654321n;
    const enc1 = (p: InstanceType<typeof bn254.G1.Point>) => g1(p.toAffine().x, p.toAffine().y);
    const q = bn254.G2.Point.BASE.multiply(b).toAffine();
    const qEnc = concatBytes(word(q.x.c1), word(q.x.c0), word(q.y.c1), word(q.y.c0));
    const aP = enc1(bn254.G1.Point.BASE.multiply(a));
    const abP = enc1(bn254.G1.Point.BASE.multiply((a * b) % R).negate());
    assert.equal(check(concatBytes(aP, qEnc, abP, G2)), TRUE);
    assert.equal(check(concatBytes(aP, qEnc, abP, G2, G1, INFINITY_G2)), TRUE);
  });
  it("pairs with a point at infinity contribute 1", () => {
    assert.equal(check(concatBytes(INFINITY_G1, G2)), TRUE);
    assert.equal(check(concatBytes(G1, INFINITY_G2)), TRUE);
    assert.equal(check(concatBytes(INFINITY_G1, INFINITY_G2, G1, G2)), FALSE);
  });
  it("known vectors (jeff1: true, jeff6: false)", () => {
    const jeff1 = hexToBytes(
      "0x1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fca2883585b93870a73853face6a6bf411198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
    );
    assert.equal(check(jeff1), TRUE);
    const jeff6 = jeff1.slice();
    jeff6.set(hexToBytes("0x103188585e2364128fe25c70558f1560f4f9350baf3959e603cc91486e110936"), 224);
    assert.equal(check(jeff6), FALSE);
  });
  it("fails on bad lengths, bad field elements, off-curve points and G2 outside the subgroup", () => {
    assert.equal(check(new Uint8Array(191)), "failure");
    assert.equal(check(new Uint8Array(193)), "failure");
    assert.equal(check(concatBytes(g1(1n, 3n), G2)), "failure");
    const badField = G2.slice();
    badField.set(word(P), 0);
    assert.equal(check(concatBytes(G1, badField)), "failure");
    const offCurve = G2.slice();
    offCurve[127] ^= 1;
    assert.equal(check(concatBytes(G1, offCurve)), "failure");
    const swapped = concatBytes(G2.subarray(32, 64), G2.subarray(0, 32), G2.subarray(96, 128), G2.subarray(64, 96));
    assert.equal(check(concatBytes(G1, swapped)), "failure");
    assert.equal(check(concatBytes(G1, g2OutsideSubgroup())), "failure");
    // even when paired with the point at infinity in G1
    assert.equal(check(concatBytes(INFINITY_G1, g2OutsideSubgroup())), "failure");
  });
  it("charges 45000 + 34000 k from Istanbul, 100000 + 80000 k before", () => {
    const input = concatBytes(G1, G2, NEG_G1, G2);
    assert.equal(bn254Pairing(input, 113000n, Fork.Istanbul).gasUsed, 113000n);
    assert.equal(bn254Pairing(input, 112999n, Fork.Istanbul).success, false);
    assert.equal(bn254Pairing(input, 260000n, Fork.Byzantium).gasUsed, 260000n);
    assert.equal(bn254Pairing(input, 259999n, Fork.Byzantium).success, false);
    assert.equal(bn254Pairing(new Uint8Array(0), 45000n, Fork.Istanbul).gasUsed, 45000n);
    assert.equal(bn254Pairing(new Uint8Array(0), 44999n, Fork.Istanbul).success, false);
  });
});
