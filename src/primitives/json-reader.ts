/** Typed reads of fields of a JSON object (JSON-RPC style: hex quantities and data), failing with a named field. */
import type { Address } from "./address.js";
import { bytesToBigInt, hexToBigInt, hexToBytes } from "./hex.js";

export type Json = Record<string, unknown>;

export function isJsonObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class JsonReader {
  constructor(
    readonly o: Json,
    /** Throws the caller's typed error for `field`. */
    readonly fail: (field: string, problem: string) => never,
  ) {}

  has(name: string): boolean {
    return this.o[name] !== undefined && this.o[name] !== null;
  }

  string(name: string, value: unknown = this.o[name]): string {
    if (typeof value !== "string")
      this.fail(name, value === undefined ? "missing" : `expected a hex string, got ${JSON.stringify(value)}`);
    return value;
  }

  quantity(name: string, value: unknown = this.o[name]): bigint {
    const s = this.string(name, value);
    if (!/^0x[0-9a-fA-F]+$/.test(s)) this.fail(name, `not a hex quantity: ${JSON.stringify(s.slice(0, 80))}`);
    return hexToBigInt(s);
  }

  optionalQuantity(name: string): bigint | undefined {
    return this.has(name) ? this.quantity(name) : undefined;
  }

  data(name: string, value: unknown = this.o[name]): Uint8Array {
    const s = this.string(name, value);
    if (!/^0x([0-9a-fA-F]{2})*$/.test(s))
      this.fail(name, `not 0x-prefixed hex bytes: ${JSON.stringify(s.slice(0, 80))}`);
    return hexToBytes(s);
  }

  fixed(name: string, size: number, value: unknown = this.o[name]): Uint8Array {
    const b = this.data(name, value);
    if (b.length !== size) this.fail(name, `must be ${size} bytes, got ${b.length}`);
    return b;
  }

  address(name: string, value: unknown = this.o[name]): Address {
    return bytesToBigInt(this.fixed(name, 20, value));
  }

  array(name: string): unknown[] {
    const v = this.o[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(name, "expected an array");
    return v;
  }
}
