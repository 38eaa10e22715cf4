/** Proof-of-work block and uncle rewards, paid after the transactions of every block before the merge. */
import { Fork } from "../forks.js";
import type { Journal } from "../state/journal.js";
import type { BlockHeader } from "./header.js";

const ETHER = 10n ** 18n;

/** The base block reward of a fork: 5 ETH, 3 from Byzantium (EIP-649), 2 from Constantinople (EIP-1234), 0 after the merge. */
export function blockReward(fork: Fork): bigint {
  if (fork >= Fork.Paris) return 0n;
  if (fork >= Fork.Constantinople) return 2n * ETHER;
  if (fork >= Fork.Byzantium) return 3n * ETHER;
  return 5n * ETHER;
}

/**
 * Pays the miner the block reward plus 1/32 of it per uncle, and each uncle's miner (8 + uncle − block) / 8
 * of it. Uncles are given as headers; `undefined` means they are not known (see Block.uncles).
 */
export function payRewards(journal: Journal, header: BlockHeader, uncles: BlockHeader[], fork: Fork): void {
  const reward = blockReward(fork);
  if (reward === 0n) return;
  const miner = journal.get(header.coinbase);
  journal.addBalance(miner, reward + (reward / 32n) * BigInt(uncles.length));
  for (const uncle of uncles) {
    const share = ((8n + uncle.number - header.number) * reward) / 8n;
    journal.addBalance(journal.get(uncle.coinbase), share);
  }
}
