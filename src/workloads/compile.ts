/**
 * Compiles the workload contracts with solc from npm (pure JS/wasm, no downloads) through standard JSON, and
 * caches the result in src/workloads/contracts/<name>.bytecode.json, which is committed. Loading an artifact
 * checks the cached source hash and recompiles when the .sol file changed, so the cache can never go stale
 * silently. Regenerate explicitly with `node dist/src/workloads/compile.js`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bytesToHex } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";

/** One contract to compile: the cache file name, the source file, and the contract inside it. */
export interface ContractSpec {
  /** Cache key: the artifact is stored as `<name>.bytecode.json`. */
  name: string;
  /** Source file name inside src/workloads/contracts/. */
  source: string;
  /** Contract name inside the source. */
  contract: string;
}

export interface StorageVariable {
  label: string;
  slot: bigint;
  offset: number;
  type: string;
}

/**
 * One entry of solc's storageLayout `types`: enough to walk from a variable to the slot of a mapping entry or
 * struct member (layout.ts). Type ids are solc's own, e.g. "t_mapping(t_address,t_uint256)".
 */
export interface StorageType {
  label: string;
  /** "inplace", "mapping", "dynamic_array" or "bytes". */
  encoding: string;
  numberOfBytes: number;
  /** Mappings: the key type id. */
  key?: string;
  /** Mappings: the value type id; arrays: the element type id. */
  value?: string;
  /** Structs: the members, slots relative to the struct's first slot. */
  members?: StorageVariable[];
}

export interface ContractArtifact {
  name: string;
  contract: string;
  source: string;
  solcVersion: string;
  /** keccak256 of the source text; a mismatch with the file on disk triggers a recompile. */
  sourceHash: string;
  /** The standard-JSON `settings` used (optimizer, EVM version). */
  settings: CompilerSettings;
  /** Creation code (constructor + runtime), hex. */
  bytecode: string;
  /** Runtime code as deployed, hex. */
  deployedBytecode: string;
  /** Function signature → 4-byte selector (hex without 0x), from solc's methodIdentifiers. */
  methodIdentifiers: Record<string, string>;
  storageLayout: StorageVariable[];
  /** The types `storageLayout` refers to, by type id. */
  storageTypes: Record<string, StorageType>;
}

export interface CompilerSettings {
  optimizer: { enabled: boolean; runs: number };
  evmVersion: string;
}

export const COMPILER_SETTINGS: CompilerSettings = { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" };

export const ERC20_CONTRACT: ContractSpec = { name: "erc20", source: "ERC20.sol", contract: "ParevmToken" };
export const PAIR_CONTRACT: ContractSpec = { name: "pair", source: "Pair.sol", contract: "ParevmPair" };
export const ROUTER_CONTRACT: ContractSpec = { name: "router", source: "Router.sol", contract: "ParevmRouter" };
export const NFT_CONTRACT: ContractSpec = { name: "nft", source: "NFT.sol", contract: "ParevmNFT" };
export const MARKET_CONTRACT: ContractSpec = { name: "market", source: "Market.sol", contract: "ParevmMarket" };
export const GAME_CONTRACT: ContractSpec = { name: "game", source: "Game.sol", contract: "ParevmGame" };
export const BOUNTY_CONTRACT: ContractSpec = { name: "bounty", source: "Bounty.sol", contract: "ParevmBounties" };

export class CompileError extends Error {
  override name = "CompileError";
}

/** The contracts directory in the source tree (works from src/ and from dist/src/). */
export function contractsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "contracts"), resolve(here, "../../../src/workloads/contracts")];
  for (const dir of candidates) if (existsSync(join(dir, "ERC20.sol"))) return dir;
  throw new CompileError(`cannot find src/workloads/contracts (looked in ${candidates.join(", ")})`);
}

function sourceHash(text: string): string {
  return bytesToHex(keccak256(new TextEncoder().encode(text)));
}

interface SolcOutputContract {
  evm: {
    bytecode: { object: string; linkReferences: Record<string, unknown> };
    deployedBytecode: { object: string; immutableReferences?: Record<string, unknown> };
    methodIdentifiers: Record<string, string>;
  };
  storageLayout: { storage: SolcStorageVariable[]; types: Record<string, SolcStorageType> | null };
}

interface SolcStorageVariable {
  label: string;
  slot: string;
  offset: number;
  type: string;
}

interface SolcStorageType {
  label: string;
  encoding: string;
  numberOfBytes: string;
  key?: string;
  value?: string;
  members?: SolcStorageVariable[];
}

function toVariable(v: SolcStorageVariable): StorageVariable {
  return { label: v.label, slot: BigInt(v.slot), offset: v.offset, type: v.type };
}

function toStorageType(t: SolcStorageType): StorageType {
  const out: StorageType = { label: t.label, encoding: t.encoding, numberOfBytes: Number(t.numberOfBytes) };
  if (t.key !== undefined) out.key = t.key;
  if (t.value !== undefined) out.value = t.value;
  if (t.members !== undefined) out.members = t.members.map(toVariable);
  return out;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, SolcOutputContract>>;
}

interface Solc {
  version(): string;
  compile(input: string): string;
}

/** Loads solc lazily: it is a dev dependency and takes a moment to initialise. */
function loadSolc(): Solc {
  const require = createRequire(import.meta.url);
  try {
    return require("solc") as Solc;
  } catch (e) {
    throw new CompileError(`solc (npm dev dependency) is not installed; run npm install (${String(e)})`);
  }
}

/** Compiles one contract with solc via standard JSON. Pure: does not touch the cache. */
export function compileContract(spec: ContractSpec): ContractArtifact {
  const text = readFileSync(join(contractsDir(), spec.source), "utf8");
  const solc = loadSolc();
  const input = {
    language: "Solidity",
    sources: { [spec.source]: { content: text } },
    settings: {
      ...COMPILER_SETTINGS,
      outputSelection: {
        "*": {
          "*": [
            "evm.bytecode.object",
            "evm.bytecode.linkReferences",
            "evm.deployedBytecode",
            "evm.methodIdentifiers",
            "storageLayout",
          ],
        },
      },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) {
    throw new CompileError(`solc failed on ${spec.source}:\n${errors.map((e) => e.formattedMessage).join("\n")}`);
  }
  const compiled = output.contracts?.[spec.source]?.[spec.contract];
  if (compiled === undefined) throw new CompileError(`solc output has no contract ${spec.contract} in ${spec.source}`);
  if (Object.keys(compiled.evm.bytecode.linkReferences).length > 0) {
    throw new CompileError(`${spec.contract} needs library linking, which the workloads do not support`);
  }
  if (Object.keys(compiled.evm.deployedBytecode.immutableReferences ?? {}).length > 0) {
    throw new CompileError(`${spec.contract} has immutables; its runtime code cannot be placed in a pre-state as is`);
  }
  return {
    name: spec.name,
    contract: spec.contract,
    source: spec.source,
    solcVersion: solc.version(),
    sourceHash: sourceHash(text),
    settings: COMPILER_SETTINGS,
    bytecode: `0x${compiled.evm.bytecode.object}`,
    deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
    methodIdentifiers: compiled.evm.methodIdentifiers,
    storageLayout: compiled.storageLayout.storage.map(toVariable),
    storageTypes: Object.fromEntries(
      Object.entries(compiled.storageLayout.types ?? {}).map(([id, t]) => [id, toStorageType(t)]),
    ),
  };
}

function artifactPath(spec: ContractSpec): string {
  return join(contractsDir(), `${spec.name}.bytecode.json`);
}

interface StoredVariable {
  label: string;
  slot: string;
  offset: number;
  type: string;
}

interface StoredType extends Omit<StorageType, "members"> {
  members?: StoredVariable[];
}

interface StoredArtifact extends Omit<ContractArtifact, "storageLayout" | "storageTypes"> {
  note: string;
  storageLayout: StoredVariable[];
  /** Absent in artifacts written before storage types were recorded; such an artifact is recompiled. */
  storageTypes?: Record<string, StoredType>;
}

const storeVariable = (v: StorageVariable): StoredVariable => ({ ...v, slot: v.slot.toString() });
const loadVariable = (v: StoredVariable): StorageVariable => ({ ...v, slot: BigInt(v.slot) });

function storeType({ members, ...rest }: StorageType): StoredType {
  return members === undefined ? rest : { ...rest, members: members.map(storeVariable) };
}

function loadType({ members, ...rest }: StoredType): StorageType {
  return members === undefined ? rest : { ...rest, members: members.map(loadVariable) };
}

function toStored(a: ContractArtifact): StoredArtifact {
  return {
    note: `Generated by src/workloads/compile.ts with solc ${a.solcVersion}; do not edit. Recompiled automatically when ${a.source} changes.`,
    ...a,
    storageLayout: a.storageLayout.map(storeVariable),
    storageTypes: Object.fromEntries(Object.entries(a.storageTypes).map(([id, t]) => [id, storeType(t)])),
  };
}

function fromStored(s: StoredArtifact): ContractArtifact | undefined {
  const { note: _note, storageTypes, ...rest } = s;
  if (storageTypes === undefined) return undefined;
  return {
    ...rest,
    storageLayout: s.storageLayout.map(loadVariable),
    storageTypes: Object.fromEntries(Object.entries(storageTypes).map(([id, t]) => [id, loadType(t)])),
  };
}

/** Compiles and writes the cache file. */
export function writeArtifact(spec: ContractSpec): ContractArtifact {
  const artifact = compileContract(spec);
  writeFileSync(artifactPath(spec), `${JSON.stringify(toStored(artifact), null, 2)}\n`);
  return artifact;
}

/** Reads the cached artifact without any check (undefined when there is none, or it predates storage types). */
export function readCachedArtifact(spec: ContractSpec): ContractArtifact | undefined {
  const path = artifactPath(spec);
  if (!existsSync(path)) return undefined;
  return fromStored(JSON.parse(readFileSync(path, "utf8")) as StoredArtifact);
}

const loaded = new Map<string, ContractArtifact>();

/**
 * The artifact for a contract: the cached one when its source hash matches the .sol file, otherwise a fresh
 * compile that also refreshes the cache.
 */
export function loadArtifact(spec: ContractSpec): ContractArtifact {
  const hit = loaded.get(spec.name);
  if (hit !== undefined) return hit;
  const text = readFileSync(join(contractsDir(), spec.source), "utf8");
  const cached = readCachedArtifact(spec);
  const artifact =
    cached !== undefined && cached.sourceHash === sourceHash(text) && sameSettings(cached.settings)
      ? cached
      : writeArtifact(spec);
  loaded.set(spec.name, artifact);
  return artifact;
}

function sameSettings(s: CompilerSettings): boolean {
  return JSON.stringify(s) === JSON.stringify(COMPILER_SETTINGS);
}

/** The slot of a top-level storage variable, by label. */
export function storageSlot(artifact: ContractArtifact, label: string): bigint {
  const v = artifact.storageLayout.find((s) => s.label === label);
  if (v === undefined) throw new CompileError(`${artifact.contract} has no storage variable ${label}`);
  return v.slot;
}

/** The 4-byte selector of a function signature such as "transfer(address,uint256)". */
export function selector(artifact: ContractArtifact, signature: string): Uint8Array {
  const hex = artifact.methodIdentifiers[signature];
  if (hex === undefined) throw new CompileError(`${artifact.contract} has no function ${signature}`);
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

export const ALL_CONTRACTS: ContractSpec[] = [
  ERC20_CONTRACT,
  PAIR_CONTRACT,
  ROUTER_CONTRACT,
  NFT_CONTRACT,
  MARKET_CONTRACT,
  GAME_CONTRACT,
  BOUNTY_CONTRACT,
];

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const spec of ALL_CONTRACTS) {
    const a = writeArtifact(spec);
    console.log(`${spec.name}: ${a.contract} compiled with solc ${a.solcVersion} -> ${artifactPath(spec)}`);
  }
}
