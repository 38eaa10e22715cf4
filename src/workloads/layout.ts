/**
 * Where Solidity keeps a value: walks solc's storageLayout (variables and types) from a top-level variable
 * through mapping keys and struct members to a slot, a byte offset in it and a width. Generators use it to
 * write contract state straight into a pre-state (and tests to read it back) without hard-coding slot numbers:
 * if a contract's declarations change, the slots follow.
 *
 * Rules (Solidity docs, "Layout of State Variables in Storage"): a mapping at slot p keeps key k at
 * keccak256(pad32(k) ++ pad32(p)); a struct's members sit at the struct's slot plus the member's slot; values
 * smaller than 32 bytes share a slot, each at its byte offset counted from the low-order end.
 */
import { bigIntToBytes, concatBytes } from "../primitives/hex.js";
import { keccak256Word } from "../primitives/keccak.js";
import type { ContractArtifact, StorageType } from "./compile.js";

export class LayoutError extends Error {
  override name = "LayoutError";
}

/** One step below a variable: a struct member by name, or a mapping key (addresses, integers, bytes32). */
export type PathStep = string | bigint;

/** A top-level variable name, then the steps down to a value. */
export type StoragePath = readonly [string, ...PathStep[]];

export interface FieldLocation {
  slot: bigint;
  /** Byte offset from the low-order end of the slot. */
  offset: number;
  /** Width in bytes (at most 32). */
  bytes: number;
  /** solc's type id of the value. */
  type: string;
}

/** Key types whose 32-byte padding is the number itself (left-padded), which is what a bigint key means. */
const NUMERIC_KEY = /^t_(address|uint\d+|bool|bytes32|contract\(.*\)\d+)$/;

function typeOf(artifact: ContractArtifact, id: string): StorageType {
  const t = artifact.storageTypes[id];
  if (t === undefined) throw new LayoutError(`${artifact.contract}: storage layout has no type ${id}`);
  return t;
}

function pathText(path: StoragePath): string {
  return path.map((s) => (typeof s === "string" ? s : `[${s}]`)).join(".");
}

/** The slot, offset and width of the value at `path`, e.g. ["bounties", 7n, "reward"]. */
export function locate(artifact: ContractArtifact, path: StoragePath): FieldLocation {
  const [name, ...steps] = path;
  const variable = artifact.storageLayout.find((v) => v.label === name);
  if (variable === undefined) throw new LayoutError(`${artifact.contract} has no storage variable ${name}`);
  let slot = variable.slot;
  let offset = variable.offset;
  let typeId = variable.type;
  for (const step of steps) {
    const t = typeOf(artifact, typeId);
    if (typeof step === "bigint") {
      if (t.encoding !== "mapping" || t.key === undefined || t.value === undefined) {
        throw new LayoutError(`${pathText(path)}: key ${step} applied to ${t.label}, which is not a mapping`);
      }
      if (!NUMERIC_KEY.test(t.key)) throw new LayoutError(`${pathText(path)}: unsupported mapping key ${t.key}`);
      slot = keccak256Word(concatBytes(bigIntToBytes(step, 32), bigIntToBytes(slot, 32)));
      offset = 0;
      typeId = t.value;
    } else {
      const member = t.members?.find((m) => m.label === step);
      if (member === undefined) throw new LayoutError(`${pathText(path)}: ${t.label} has no member ${step}`);
      slot += member.slot;
      offset = member.offset;
      typeId = member.type;
    }
  }
  const t = typeOf(artifact, typeId);
  if (t.encoding !== "inplace" || t.members !== undefined || t.numberOfBytes > 32) {
    throw new LayoutError(`${pathText(path)} is ${t.label}, not a single value`);
  }
  return { slot, offset, bytes: t.numberOfBytes, type: typeId };
}

function mask(bytes: number): bigint {
  return (1n << BigInt(bytes * 8)) - 1n;
}

/** The value of a field inside the word stored at its slot. */
export function extractField(word: bigint, at: FieldLocation): bigint {
  return (word >> BigInt(at.offset * 8)) & mask(at.bytes);
}

/** `word` with the field replaced by `value` (which must fit the field's width). */
export function insertField(word: bigint, at: FieldLocation, value: bigint): bigint {
  if (value < 0n || value > mask(at.bytes)) {
    throw new LayoutError(`value ${value} does not fit ${at.type} (${at.bytes} bytes)`);
  }
  const shift = BigInt(at.offset * 8);
  return (word & ~(mask(at.bytes) << shift)) | (value << shift);
}

/**
 * Builds one contract's storage for a pre-state: fields are set by path and packed into their slots. The
 * map holds non-zero slots only, as PreAccount.storage requires.
 */
export class StorageWriter {
  readonly storage = new Map<bigint, bigint>();

  constructor(readonly artifact: ContractArtifact) {}

  set(path: StoragePath, value: bigint | boolean): this {
    const at = locate(this.artifact, path);
    const word = insertField(this.storage.get(at.slot) ?? 0n, at, typeof value === "boolean" ? BigInt(value) : value);
    if (word === 0n) this.storage.delete(at.slot);
    else this.storage.set(at.slot, word);
    return this;
  }

  get(path: StoragePath): bigint {
    const at = locate(this.artifact, path);
    return extractField(this.storage.get(at.slot) ?? 0n, at);
  }
}

/** Reads the value at `path` through any storage reader (a database, an overlay, a pre-state map). */
export function readField(artifact: ContractArtifact, path: StoragePath, storageAt: (slot: bigint) => bigint): bigint {
  const at = locate(artifact, path);
  return extractField(storageAt(at.slot), at);
}
