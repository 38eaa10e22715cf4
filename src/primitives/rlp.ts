/** RLP via @ethereumjs/rlp, re-exported under one name so the rest of the code has one import. */
import { RLP } from "@ethereumjs/rlp";

export type RlpInput = Uint8Array | RlpInput[];
export type RlpDecoded = Uint8Array | RlpDecoded[];

export function rlpEncode(value: RlpInput): Uint8Array {
  return RLP.encode(value);
}

export function rlpDecode(bytes: Uint8Array): RlpDecoded {
  return RLP.decode(bytes) as RlpDecoded;
}
