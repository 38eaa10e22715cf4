/** Hex and byte conversions used at the edges (fixtures, RPC JSON, CLI). Never in the interpreter loop. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function bytesToHex(bytes: Uint8Array): string {
  let out = "0x";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

export class HexError extends Error {
  override name = "HexError";
}

/** Parses "0x…" (or bare) hex into bytes; an odd length gets a leading zero nibble. */
export function hexToBytes(hex: string): Uint8Array {
  let h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (h.length % 2 === 1) h = `0${h}`;
  if (!/^[0-9a-fA-F]*$/.test(h)) throw new HexError(`not a hex string: ${JSON.stringify(hex.slice(0, 80))}`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.substr(i * 2, 2), 16);
  return out;
}

/** Parses a hex quantity ("0x", "0x00", "0x0a") into a bigint; "0x" is zero. */
export function hexToBigInt(hex: string): bigint {
  if (hex === "0x" || hex === "") return 0n;
  if (!/^0[xX][0-9a-fA-F]+$/.test(hex) && !/^[0-9]+$/.test(hex)) {
    throw new HexError(`not a hex quantity: ${JSON.stringify(hex.slice(0, 80))}`);
  }
  return BigInt(hex);
}

export function bigIntToHex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

/** Big-endian bytes of a non-negative bigint, exactly `length` bytes (left-padded; higher bytes dropped). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (value === 0n) return out;
  // One hex conversion instead of a bigint shift per byte.
  let hex = value.toString(16);
  if (hex.length > length * 2) hex = hex.slice(hex.length - length * 2);
  const start = length - ((hex.length + 1) >> 1);
  const h = hex.length & 1 ? `0${hex}` : hex;
  for (let i = 0, o = start; o < length; i += 2, o++) {
    out[o] = (hexDigit(h.charCodeAt(i)) << 4) | hexDigit(h.charCodeAt(i + 1));
  }
  return out;
}

function hexDigit(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}

/** Minimal big-endian bytes of a non-negative bigint (zero is the empty array), as RLP wants. */
export function bigIntToMinimalBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  if (bytes.length <= 6) {
    let n = 0;
    for (let i = 0; i < bytes.length; i++) n = n * 256 + bytes[i];
    return BigInt(n);
  }
  let hex = "0x";
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i]];
  return BigInt(hex);
}

/** Writes `value` big-endian into 32 bytes of `target` at `offset`. */
export function writeWord(target: Uint8Array, offset: number, value: bigint): void {
  let v = value;
  for (let i = offset + 31; i >= offset; i--) {
    target[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
