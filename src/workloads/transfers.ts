/**
 * Raw ETH transfers: N distinct funded senders each send a little ETH, to N distinct fresh receivers or all to
 * one address (an exchange's deposit account).
 */
import { Fork } from "../forks.js";
import type { Address } from "../primitives/address.js";
import { deriveAddress, deriveKeyPairs, fundAccounts, ONE_ETHER, signWorkloadTx, workloadEnv } from "./accounts.js";
import type { PreState, Workload, WorkloadOptions } from "./types.js";

export const DEFAULT_TX_COUNT = 2000;

/** Gas limit of a plain transfer (exactly the intrinsic cost). */
export const TRANSFER_GAS = 21_000n;

/**
 * `txCount` plain value transfers, one per sender, each to its own receiver that does not exist yet. No two
 * transactions touch the same account except the coinbase (fee payment).
 */
export function rawTransfers(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return transfers(n, (i) => deriveAddress("transfer-receiver", i), {
    name: "raw-transfers",
    description: `${n} ETH transfers, distinct senders to distinct new receivers`,
  });
}

/** `txCount` plain value transfers from distinct senders, all to one address that does not exist yet. */
export function rawTransfersToOne(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  const receiver = deriveAddress("transfer-hot-receiver", 0);
  return transfers(n, () => receiver, {
    name: "eth-one-receiver",
    description: `${n} ETH transfers, distinct senders to one new receiver`,
  });
}

function transfers(
  n: number,
  receiver: (i: number) => Address,
  about: { name: string; description: string },
): Workload {
  const fork = Fork.Cancun;
  const senders = deriveKeyPairs("transfer-sender", n);
  const pre: PreState = new Map();
  fundAccounts(
    pre,
    senders.map((k) => k.address),
    10n * ONE_ETHER,
  );
  const txs = [];
  const raw = [];
  for (let i = 0; i < n; i++) {
    const signed = signWorkloadTx(
      {
        nonce: 0n,
        gasLimit: TRANSFER_GAS,
        to: receiver(i),
        value: ONE_ETHER / 100n + BigInt(i),
      },
      senders[i],
      fork,
    );
    txs.push(signed.tx);
    raw.push(signed.raw);
  }
  return {
    ...about,
    fork,
    env: workloadEnv(),
    pre,
    txs,
    raw,
  };
}
