/**
 * 0x06 / 0x07 / 0x08: alt_bn128 (bn254) point addition, scalar multiplication and pairing check
 * (EIP-196, EIP-197; from Byzantium, repriced by EIP-1108 from Istanbul). Curve arithmetic is
 * @noble/curves' bn254; this file decodes and validates the EVM encodings.
 *
 * Encodings: a G1 point is (x, y) as two 32-byte words, (0, 0) being the point at infinity; a G2 point
 * is (x_imaginary, x_real, y_imaginary, y_real). Coordinates >= the field modulus or points off the
 * curve make the call fail; pairing also requires G2 points to be in the prime-order subgroup.
 */
import { bn254 as curve } from "@noble/curves/bn254.js";
import { Fork } from "../../forks.js";
import { PRECOMPILE_FAILURE, type PrecompileResult } from "./types.js";

type G1Point = InstanceType<typeof curve.G1.Point>;
type G2Point = InstanceType<typeof curve.G2.Point>;

const G1 = curve.G1.Point;
const G2 = curve.G2.Point;
const { Fp, Fp2, Fp12 } = curve.fields;
const FIELD_MODULUS = Fp.ORDER;
const CURVE_ORDER = curve.fields.Fr.ORDER;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** The 32-byte big-endian word at `off`, zero-padded past the end of `data`. */
function readWord(data: Uint8Array, off: number): bigint {
  let hex = "0x";
  for (let i = off; i < off + 32; i++) hex += i < data.length ? HEX[data[i]] : "00";
  return BigInt(hex);
}

function writeWord(out: Uint8Array, off: number, value: bigint): void {
  let v = value;
  for (let i = off + 31; i >= off && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** Decodes a G1 point, or undefined if a coordinate is not a field element or the point is off the curve. */
function decodeG1(data: Uint8Array, off: number): G1Point | undefined {
  const x = readWord(data, off);
  const y = readWord(data, off + 32);
  if (x >= FIELD_MODULUS || y >= FIELD_MODULUS) return undefined;
  if (x === 0n && y === 0n) return G1.ZERO;
  // y^2 = x^3 + 3
  if (Fp.sqr(y) !== Fp.add(Fp.mul(Fp.sqr(x), x), 3n)) return undefined;
  return G1.fromAffine({ x, y });
}

/** Decodes a G2 point, checking field range, curve equation and (if asked) subgroup membership. */
function decodeG2(data: Uint8Array, off: number): G2Point | undefined {
  const xi = readWord(data, off);
  const xr = readWord(data, off + 32);
  const yi = readWord(data, off + 64);
  const yr = readWord(data, off + 96);
  if (xi >= FIELD_MODULUS || xr >= FIELD_MODULUS || yi >= FIELD_MODULUS || yr >= FIELD_MODULUS) return undefined;
  if (xi === 0n && xr === 0n && yi === 0n && yr === 0n) return G2.ZERO;
  const point = G2.fromAffine({ x: Fp2.fromBigTuple([xr, xi]), y: Fp2.fromBigTuple([yr, yi]) });
  try {
    point.assertValidity(); // on the twist curve and in the order-r subgroup
  } catch {
    return undefined;
  }
  return point;
}

function encodeG1(p: G1Point): Uint8Array {
  const out = new Uint8Array(64);
  if (p.is0()) return out;
  const { x, y } = p.toAffine();
  writeWord(out, 0, x);
  writeWord(out, 32, y);
  return out;
}

/** 0x06 ECADD: 500 gas before Istanbul, 150 from Istanbul. */
export function bn254Add(input: Uint8Array, gasLimit: bigint, fork: Fork): PrecompileResult {
  const gasUsed = fork >= Fork.Istanbul ? 150n : 500n;
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  const a = decodeG1(input, 0);
  if (a === undefined) return PRECOMPILE_FAILURE;
  const b = decodeG1(input, 64);
  if (b === undefined) return PRECOMPILE_FAILURE;
  return { success: true, gasUsed, output: encodeG1(a.add(b)) };
}

/** 0x07 ECMUL: 40000 gas before Istanbul, 6000 from Istanbul. */
export function bn254Mul(input: Uint8Array, gasLimit: bigint, fork: Fork): PrecompileResult {
  const gasUsed = fork >= Fork.Istanbul ? 6000n : 40000n;
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  const p = decodeG1(input, 0);
  if (p === undefined) return PRECOMPILE_FAILURE;
  // Every valid G1 point has order dividing r (cofactor 1), so the scalar can be reduced mod r.
  const scalar = readWord(input, 64) % CURVE_ORDER;
  return { success: true, gasUsed, output: encodeG1(p.multiplyUnsafe(scalar)) };
}

/** 0x08 ECPAIRING: 100000 + 80000 k before Istanbul, 45000 + 34000 k from Istanbul; k = len / 192. */
export function bn254Pairing(input: Uint8Array, gasLimit: bigint, fork: Fork): PrecompileResult {
  const k = BigInt(Math.floor(input.length / 192));
  const gasUsed = fork >= Fork.Istanbul ? 45000n + 34000n * k : 100000n + 80000n * k;
  if (gasUsed > gasLimit) return PRECOMPILE_FAILURE;
  if (input.length % 192 !== 0) return PRECOMPILE_FAILURE;
  const pairs: { g1: G1Point; g2: G2Point }[] = [];
  for (let off = 0; off < input.length; off += 192) {
    const p = decodeG1(input, off);
    if (p === undefined) return PRECOMPILE_FAILURE;
    const q = decodeG2(input, off + 64);
    if (q === undefined) return PRECOMPILE_FAILURE;
    // e(O, Q) = e(P, O) = 1: such pairs do not change the product.
    if (!p.is0() && !q.is0()) pairs.push({ g1: p, g2: q });
  }
  const output = new Uint8Array(32);
  if (pairs.length === 0 || Fp12.eql(curve.pairingBatch(pairs), Fp12.ONE)) output[31] = 1;
  return { success: true, gasUsed, output };
}
