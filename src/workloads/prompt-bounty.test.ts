import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertGasRange, assertStatuses, balanceOf, executeWorkload, field } from "./block-testkit.js";
import {
  acceptTarget,
  bountyAction,
  bountyAddress,
  bountyArtifact,
  bountyReward,
  bountySigner,
  earlierCreator,
  promptBounty,
  submitTarget,
} from "./prompt-bounty.js";

const N = 200;
const NS = "prompt-bounty";

describe("prompt-bounty", () => {
  const w = promptBounty({ txCount: N });

  it("executes posts, submissions and acceptances, escrowing and paying out", () => {
    const { result, pre, post } = executeWorkload(w);
    assertStatuses(result, N);
    const kind = (k: string) => (i: number) => bountyAction(i) === k;
    // Post: three new slots (~76k); submit: two or three new slots (76k-93k); accept: one write and the payout (~43k).
    assertGasRange(result, 70_000n, 120_000n, kind("post"));
    assertGasRange(result, 45_000n, 100_000n, kind("submit"));
    assertGasRange(result, 30_000n, 70_000n, kind("accept"));

    const contract = bountyAddress(NS);
    const a = bountyArtifact();
    const count = field(pre, contract, a, ["bountyCount"]);
    let posted = 0n;
    let escrowed = 0n;
    let paid = 0n;
    const newSubmissions = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const signer = bountySigner(NS, i).address;
      const action = bountyAction(i);
      if (action === "post") {
        const id = count + posted++;
        assert.equal(field(post, contract, a, ["bounties", id, "requester"]), signer);
        assert.equal(field(post, contract, a, ["bounties", id, "reward"]), bountyReward(i));
        assert.notEqual(field(post, contract, a, ["bounties", id, "promptHash"]), 0n);
        escrowed += bountyReward(i);
      } else if (action === "submit") {
        const b = submitTarget(i);
        const before = Number(field(pre, contract, a, ["bounties", BigInt(b), "submissions"]));
        const s = before + (newSubmissions.get(b) ?? 0);
        newSubmissions.set(b, (newSubmissions.get(b) ?? 0) + 1);
        assert.equal(field(post, contract, a, ["submissions", BigInt(b), BigInt(s), "creator"]), signer);
      } else {
        const { bountyId, submissionId } = acceptTarget(i);
        const id = BigInt(bountyId);
        assert.equal(field(post, contract, a, ["bounties", id, "closed"]), 1n);
        const creator = earlierCreator(NS, bountyId, submissionId);
        const reward = field(pre, contract, a, ["bounties", id, "reward"]);
        assert.equal(balanceOf(post, creator), balanceOf(pre, creator) + reward, `bounty ${bountyId} paid out`);
        paid += reward;
      }
    }
    for (const [b, k] of newSubmissions) {
      const before = field(pre, contract, a, ["bounties", BigInt(b), "submissions"]);
      assert.equal(field(post, contract, a, ["bounties", BigInt(b), "submissions"]), before + BigInt(k));
    }
    assert.equal(field(post, contract, a, ["bountyCount"]), count + posted);
    assert.equal(balanceOf(post, contract), balanceOf(pre, contract) + escrowed - paid, "escrow balance");
    assert.ok(paid > 0n && escrowed > 0n);
  });
});
