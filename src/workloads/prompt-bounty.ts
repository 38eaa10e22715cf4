/**
 * prompt-bounty: a market where requesters escrow ETH for work on a prompt (ParevmBounties,
 * contracts/Bounty.sol). Transaction i does, by i mod 4:
 *   0   post: a new requester escrows a reward for a prompt hash (postBounty, payable);
 *   1,2 submit: a new creator submits a result hash to an open bounty that exists before the block; four
 *       consecutive submissions go to the same bounty (bounty 2g+1 takes submissions 4g..4g+3);
 *   3   accept: the requester of bounty 2a (a = i div 4) accepts one of its two earlier submissions, which
 *       closes the bounty and pays the reward to that submission's creator.
 * Conflicts: posts share the bounty-id counter; submissions to one bounty share its submission counter;
 * posts and accepts both change the contract's ETH balance (escrow in, payout out). Otherwise transactions
 * touch their own bounty's slots and their own accounts.
 *
 * Pre-state, written through solc's storage layout: bounties 0..bountyCount-1 already posted (even ids are
 * the ones accepted in the block, each with two submissions; odd ids take the block's submissions and have
 * 0-2 earlier ones; ids neither uses are other open bounties), and the contract's balance equal to the
 * rewards it escrows.
 */
import type { Address } from "../primitives/address.js";
import { bigIntToBytes, concatBytes } from "../primitives/hex.js";
import {
  deriveAddress,
  deriveKeyPair,
  eoa,
  type KeyPair,
  labelNumber,
  ONE_ETHER,
  type SignedTransaction,
  signWorkloadTx,
} from "./accounts.js";
import { BOUNTY_CONTRACT, type ContractArtifact, loadArtifact, selector } from "./compile.js";
import { StorageWriter } from "./layout.js";
import { addAccount, assembleWorkload, contractAccount, type WorkloadParts } from "./parts.js";
import { DEFAULT_TX_COUNT } from "./transfers.js";
import type { PreState, Workload, WorkloadOptions } from "./types.js";

/** Gas limit of every bounty transaction (a post uses about 76k, a submission 76k-93k, an acceptance 43k). */
export const BOUNTY_TX_GAS = 200_000n;
/** Submissions each open bounty receives in the block. */
export const SUBMISSIONS_PER_BOUNTY = 4;

export type BountyAction = "post" | "submit" | "accept";

export function bountyAction(i: number): BountyAction {
  const k = i % 4;
  return k === 0 ? "post" : k === 3 ? "accept" : "submit";
}

export function bountyArtifact(): ContractArtifact {
  return loadArtifact(BOUNTY_CONTRACT);
}

export function bountyAddress(namespace: string): Address {
  return deriveAddress(`${namespace}/bounties`, 0);
}

/** Reward of a bounty posted by transaction i, or of pre-existing bounty i: 0.01 to 0.05 ETH. */
export function bountyReward(i: number): bigint {
  return (BigInt(1 + (i % 5)) * ONE_ETHER) / 100n;
}

/** The submission index (among submit transactions) of transaction i, which must be a submit. */
export function submissionIndex(i: number): number {
  return 2 * Math.floor(i / 4) + (i % 4) - 1;
}

/** The bounty submit transaction i targets. */
export function submitTarget(i: number): number {
  return 2 * Math.floor(submissionIndex(i) / SUBMISSIONS_PER_BOUNTY) + 1;
}

/** The bounty accept transaction i closes, and the submission it accepts. */
export function acceptTarget(i: number): { bountyId: number; submissionId: number } {
  const a = Math.floor(i / 4);
  return { bountyId: 2 * a, submissionId: a % 2 };
}

/** The creator of earlier submission `s` to pre-existing bounty `bountyId`. */
export function earlierCreator(namespace: string, bountyId: number, s: number): Address {
  return deriveAddress(`${namespace}/earlier-creator/${bountyId}`, s);
}

export function bountySigner(namespace: string, i: number): KeyPair {
  const action = bountyAction(i);
  if (action === "accept") return deriveKeyPair(`${namespace}/patron`, acceptTarget(i).bountyId);
  return deriveKeyPair(`${namespace}/${action === "post" ? "requester" : "creator"}`, i);
}

function call(signature: string, ...args: bigint[]): Uint8Array {
  return concatBytes(selector(bountyArtifact(), signature), ...args.map((a) => bigIntToBytes(a, 32)));
}

export function buildPromptBounty(n: number, namespace: string): WorkloadParts {
  const contract = bountyAddress(namespace);
  const pre: PreState = new Map();
  const txs: SignedTransaction[] = [];
  // Which pre-existing bounties the block uses, and how: requester key for the accepted ones.
  const accepted = new Map<number, KeyPair>();
  const targeted = new Set<number>();
  for (let i = 0; i < n; i++) {
    const action = bountyAction(i);
    const signer = bountySigner(namespace, i);
    let tx: { data: Uint8Array; value?: bigint };
    if (action === "post") {
      const prompt = labelNumber(`${namespace}/prompt/${i}`);
      tx = { data: call("postBounty(bytes32)", prompt), value: bountyReward(i) };
      addAccount(pre, signer.address, eoa(10n * ONE_ETHER));
    } else if (action === "submit") {
      const bountyId = submitTarget(i);
      targeted.add(bountyId);
      tx = { data: call("submit(uint256,bytes32)", BigInt(bountyId), labelNumber(`${namespace}/result/${i}`)) };
      addAccount(pre, signer.address, eoa(10n * ONE_ETHER));
    } else {
      const { bountyId, submissionId } = acceptTarget(i);
      accepted.set(bountyId, signer);
      tx = { data: call("accept(uint256,uint256)", BigInt(bountyId), BigInt(submissionId)) };
      // The requester posted the bounty in an earlier block: nonce 1.
      addAccount(pre, signer.address, eoa(10n * ONE_ETHER, 1n));
    }
    txs.push(
      signWorkloadTx(
        { nonce: pre.get(signer.address)?.nonce ?? 0n, gasLimit: BOUNTY_TX_GAS, to: contract, ...tx },
        signer,
      ),
    );
  }

  const storage = new StorageWriter(bountyArtifact());
  const used = [...accepted.keys(), ...targeted];
  const count = used.length === 0 ? 0 : Math.max(...used) + 1;
  let escrow = 0n;
  for (let id = 0; id < count; id++) {
    const bounty = BigInt(id);
    const requester = accepted.get(id)?.address ?? deriveAddress(`${namespace}/earlier-requester`, id);
    const earlier = accepted.has(id) ? 2 : targeted.has(id) ? ((id - 1) / 2) % 3 : 0;
    storage
      .set(["bounties", bounty, "requester"], requester)
      .set(["bounties", bounty, "reward"], bountyReward(id))
      .set(["bounties", bounty, "promptHash"], labelNumber(`${namespace}/earlier-prompt/${id}`))
      .set(["bounties", bounty, "submissions"], BigInt(earlier));
    for (let s = 0; s < earlier; s++) {
      const creator = earlierCreator(namespace, id, s);
      storage
        .set(["submissions", bounty, BigInt(s), "creator"], creator)
        .set(["submissions", bounty, BigInt(s), "resultHash"], labelNumber(`${namespace}/earlier-result/${id}/${s}`));
      // Creators exist (they sent their submission), so a payout does not create an account.
      if (accepted.has(id)) addAccount(pre, creator, eoa(ONE_ETHER / 10n, 1n));
    }
    escrow += bountyReward(id);
  }
  storage.set(["bountyCount"], BigInt(count));
  addAccount(pre, contract, contractAccount(bountyArtifact(), storage.storage, escrow));
  return { pre, txs };
}

export function promptBounty(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return assembleWorkload(
    "prompt-bounty",
    `${n} prompt-bounty transactions: 1/4 posts (ETH escrow), 1/2 submissions to open bounties, 1/4 acceptances (payouts)`,
    buildPromptBounty(n, "prompt-bounty"),
  );
}
