/** Block-level state operations outside transactions: the EIP-4788 beacon-roots call and EIP-4895 withdrawals. */
import { Evm } from "../evm/evm.js";
import { run } from "../evm/interpreter.js";
import type { Fork } from "../forks.js";
import type { Journal } from "../state/journal.js";
import type { BlockEnv } from "./env.js";
import type { Withdrawal } from "./types.js";

export const SYSTEM_ADDRESS = 0xfffffffffffffffffffffffffffffffffffffffen;
export const BEACON_ROOTS_ADDRESS = 0x000f3df6d732807ef1319fb7b8bb8522d0beac02n;
const SYSTEM_CALL_GAS = 30_000_000n;
const GWEI = 1_000_000_000n;

/**
 * EIP-4788: before the transactions, the system address calls the beacon-roots contract with the parent
 * beacon block root. No gas is charged to anyone and the call does not count against the block's gas; when the
 * contract has no code nothing happens.
 */
export function beaconRootCall(journal: Journal, env: BlockEnv, fork: Fork, parentBeaconBlockRoot: Uint8Array): void {
  const contract = journal.get(BEACON_ROOTS_ADDRESS);
  if (contract.code.length === 0) return;
  const evm = new Evm(journal, env, fork, { origin: SYSTEM_ADDRESS, gasPrice: 0n, blobHashes: [] });
  const frame = evm.enterCall(
    0,
    SYSTEM_ADDRESS,
    BEACON_ROOTS_ADDRESS,
    BEACON_ROOTS_ADDRESS,
    0n,
    true,
    parentBeaconBlockRoot,
    SYSTEM_CALL_GAS,
    false,
    false,
  );
  if (frame !== undefined) run(evm, frame);
}

/** EIP-4895: each withdrawal credits `amount` gwei to its address, after the transactions. */
export function applyWithdrawals(journal: Journal, withdrawals: Withdrawal[]): void {
  for (const w of withdrawals) journal.addBalance(journal.get(w.address), w.amount * GWEI);
}
