/**
 * ERC-20 workloads on ParevmToken (contracts/ERC20.sol, compiled with solc from npm).
 *
 * The token is not deployed by a transaction: its runtime code goes straight into the pre-state and the
 * holders' balances are written into the storage slots Solidity's layout gives them (balances is the mapping
 * at the slot solc reports for `_balances`, so holder h's balance lives at keccak256(pad32(h) ++ pad32(slot))).
 * That keeps the timed block pure transfers, needs no CREATE support to set up, and gives every holder a
 * balance without 2,000 minting transactions. The layout comes from solc's storageLayout output, not from a
 * hard-coded number, and the contract has no immutables (compile.ts refuses those), so the runtime code is
 * exactly what a constructor would have deployed.
 */
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { bigIntToBytes, concatBytes, hexToBytes } from "../primitives/hex.js";
import { keccak256Word } from "../primitives/keccak.js";
import {
  deriveAddress,
  deriveKeyPairs,
  fundAccounts,
  type KeyPair,
  ONE_ETHER,
  signWorkloadTx,
  workloadEnv,
} from "./accounts.js";
import { type ContractArtifact, ERC20_CONTRACT, loadArtifact, selector, storageSlot } from "./compile.js";
import { DEFAULT_TX_COUNT } from "./transfers.js";
import type { PreState, Workload, WorkloadOptions } from "./types.js";

/** Gas limit of an ERC-20 transfer transaction (a transfer to a new holder uses about 51k). */
export const ERC20_TRANSFER_GAS = 100_000n;
/** Token units each holder starts with (1,000,000 tokens of 18 decimals). */
export const INITIAL_TOKEN_BALANCE = 1_000_000n * 10n ** 18n;

/** Where the benchmark token lives in generated pre-states. */
export const TOKEN_ADDRESS: Address = deriveAddress("erc20-token", 0);

export function erc20Artifact(): ContractArtifact {
  return loadArtifact(ERC20_CONTRACT);
}

/** The storage slot of `mapping(address => uint256)` entry `key` for a mapping declared at `mappingSlot`. */
export function mappingSlot(key: Address, mappingSlot: bigint): bigint {
  return keccak256Word(concatBytes(bigIntToBytes(key, 32), bigIntToBytes(mappingSlot, 32)));
}

/** Calldata of transfer(to, amount). */
export function encodeTransfer(artifact: ContractArtifact, to: Address, amount: bigint): Uint8Array {
  return concatBytes(selector(artifact, "transfer(address,uint256)"), bigIntToBytes(to, 32), bigIntToBytes(amount, 32));
}

/** Calldata of balanceOf(owner). */
export function encodeBalanceOf(artifact: ContractArtifact, owner: Address): Uint8Array {
  return concatBytes(selector(artifact, "balanceOf(address)"), bigIntToBytes(owner, 32));
}

/** Adds the token with `holders` each holding `balance` to a pre-state. */
export function addToken(pre: PreState, artifact: ContractArtifact, holders: Address[], balance: bigint): void {
  const balancesSlot = storageSlot(artifact, "_balances");
  const storage = new Map<bigint, bigint>();
  for (const h of holders) storage.set(mappingSlot(h, balancesSlot), balance);
  storage.set(storageSlot(artifact, "_totalSupply"), balance * BigInt(holders.length));
  pre.set(TOKEN_ADDRESS, {
    nonce: 1n,
    balance: 0n,
    code: hexToBytes(artifact.deployedBytecode),
    storage,
  });
}

function erc20Workload(
  name: string,
  description: string,
  n: number,
  receiverOf: (i: number) => Address,
  senders: KeyPair[],
): Workload {
  const fork = Fork.Cancun;
  const artifact = erc20Artifact();
  const pre: PreState = new Map();
  const holders = senders.map((k) => k.address);
  fundAccounts(pre, holders, 10n * ONE_ETHER);
  addToken(pre, artifact, holders, INITIAL_TOKEN_BALANCE);
  const txs = [];
  const raw = [];
  for (let i = 0; i < n; i++) {
    const data = encodeTransfer(artifact, receiverOf(i), 10n ** 18n + BigInt(i));
    const signed = signWorkloadTx(
      { nonce: 0n, gasLimit: ERC20_TRANSFER_GAS, to: TOKEN_ADDRESS, data },
      senders[i],
      fork,
    );
    txs.push(signed.tx);
    raw.push(signed.raw);
  }
  return { name, description, fork, env: workloadEnv(), pre, txs, raw };
}

/** ERC-20 transfers between distinct accounts: holder i sends tokens to new account i. */
export function erc20Transfers(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return erc20Workload(
    "erc20-transfers",
    `${n} ERC-20 transfers, distinct holders to distinct new receivers`,
    n,
    (i) => deriveAddress("erc20-receiver", i),
    deriveKeyPairs("erc20-sender", n),
  );
}

/** ERC-20 transfers all to one receiver: every transaction writes the same balance slot. */
export function erc20TransfersToOne(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  const receiver = deriveAddress("erc20-hot-receiver", 0);
  return erc20Workload(
    "erc20-one-receiver",
    `${n} ERC-20 transfers, distinct holders all to one receiver`,
    n,
    () => receiver,
    deriveKeyPairs("erc20-sender", n),
  );
}

/** The token balance slot of `holder` in generated pre-states. */
export function tokenBalanceSlot(holder: Address): bigint {
  return mappingSlot(holder, storageSlot(erc20Artifact(), "_balances"));
}
