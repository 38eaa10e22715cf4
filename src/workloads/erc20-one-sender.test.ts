import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deriveAddress } from "./accounts.js";
import { assertGasRange, assertStatuses, executeWorkload, field } from "./block-testkit.js";
import { erc20Artifact, INITIAL_TOKEN_BALANCE } from "./erc20.js";
import { erc20OneSender, oneSenderAmount, oneSenderKey, oneSenderToken } from "./erc20-one-sender.js";

const N = 200;

describe("erc20-one-sender", () => {
  const w = erc20OneSender({ txCount: N });

  it("is one nonce-ordered chain from a single sender", () => {
    const sender = oneSenderKey("erc20-one-sender").address;
    for (const [i, tx] of w.txs.entries()) {
      assert.equal(tx.sender, sender);
      assert.equal(tx.nonce, BigInt(i));
    }
  });

  it("executes with every transfer succeeding and moves the tokens", () => {
    const { result, post } = executeWorkload(w);
    assertStatuses(result, N);
    // A transfer to a fresh receiver: 21k + a zero-to-non-zero SSTORE + the rest, about 51.6k.
    assertGasRange(result, 45_000n, 60_000n);
    const token = oneSenderToken("erc20-one-sender");
    const artifact = erc20Artifact();
    let sent = 0n;
    for (let i = 0; i < N; i++) {
      const receiver = deriveAddress("erc20-one-sender/receiver", i);
      assert.equal(field(post, token, artifact, ["_balances", receiver]), oneSenderAmount(i));
      sent += oneSenderAmount(i);
    }
    const sender = oneSenderKey("erc20-one-sender").address;
    assert.equal(field(post, token, artifact, ["_balances", sender]), INITIAL_TOKEN_BALANCE - sent);
    assert.equal(post.account(sender)?.nonce, BigInt(N));
  });
});
