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

/** Malformed or non-canonical RLP, with what was wrong and where. */
export class RlpError extends Error {
  override name = "RlpError";
}

/** One RLP item inside a buffer: `raw` is its whole encoding, `payload` its content. */
export interface RlpItem {
  raw: Uint8Array;
  payload: Uint8Array;
  isList: boolean;
}

/** Reads the item starting at `pos` (bounded by `end`), checking canonical form. */
export function rlpItemAt(bytes: Uint8Array, pos: number, end: number): RlpItem {
  if (pos >= end) throw new RlpError(`item expected at byte ${pos}, input ends`);
  const x = bytes[pos];
  let start: number;
  let length: number;
  let isList = false;
  if (x < 0x80) {
    start = pos;
    length = 1;
  } else if (x < 0xb8 || (x >= 0xc0 && x < 0xf8)) {
    isList = x >= 0xc0;
    start = pos + 1;
    length = x - (isList ? 0xc0 : 0x80);
    if (!isList && length === 1 && start < end && bytes[start] < 0x80) {
      throw new RlpError(`byte ${pos}: a single byte below 0x80 must not have a string header`);
    }
  } else {
    isList = x >= 0xf8;
    const n = x - (isList ? 0xf7 : 0xb7);
    if (pos + 1 + n > end) throw new RlpError(`byte ${pos}: length of length runs past the input`);
    if (bytes[pos + 1] === 0) throw new RlpError(`byte ${pos}: length with leading zero`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[pos + 1 + i];
    if (length < 56) throw new RlpError(`byte ${pos}: long form used for a length below 56`);
    start = pos + 1 + n;
  }
  if (start + length > end) throw new RlpError(`byte ${pos}: item of ${length} bytes runs past the input`);
  return { raw: bytes.subarray(pos, start + length), payload: bytes.subarray(start, start + length), isList };
}

/** The items of an RLP list (`list` is a list item, or a whole encoding that must be exactly one list). */
export function rlpListItems(list: RlpItem | Uint8Array): RlpItem[] {
  let item: RlpItem;
  if (list instanceof Uint8Array) {
    item = rlpItemAt(list, 0, list.length);
    if (item.raw.length !== list.length) throw new RlpError(`${list.length - item.raw.length} bytes after the list`);
  } else item = list;
  if (!item.isList) throw new RlpError("expected a list, found a string");
  const p = item.payload;
  const out: RlpItem[] = [];
  for (let pos = 0; pos < p.length; ) {
    const child = rlpItemAt(p, pos, p.length);
    out.push(child);
    pos += child.raw.length;
  }
  return out;
}
