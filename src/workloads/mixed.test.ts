import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { equalBytes } from "../primitives/hex.js";
import { assertGasRange, assertStatuses, executeWorkload } from "./block-testkit.js";
import { oneSenderKey } from "./erc20-one-sender.js";
import { MIXED_SHARES, mixedSlot, mixedWorkload } from "./mixed.js";

const N = 300;

describe("mixed", () => {
  const w = mixedWorkload({ txCount: N });

  it("interleaves each share's own transactions in order", () => {
    const k = MIXED_SHARES.length;
    for (const [share, s] of MIXED_SHARES.entries()) {
      const alone = s.build(N / k, `mixed/${s.name}`);
      for (let j = 0; j < N / k; j++) {
        assert.ok(equalBytes(w.raw[j * k + share], alone.txs[j].raw), `${s.name} tx ${j}`);
        assert.deepEqual(mixedSlot(j * k + share), { share, index: j });
      }
    }
  });

  it("executes with every transaction succeeding", () => {
    const { result, post } = executeWorkload(w);
    assertStatuses(result, N);
    assertGasRange(result, 25_000n, 130_000n);
    // The one-sender share's chain advanced once per sixth transaction.
    assert.equal(post.account(oneSenderKey("mixed/erc20-one-sender").address)?.nonce, BigInt(N / 6));
  });
});
