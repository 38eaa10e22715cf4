import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertGasRange, assertStatuses, balanceOf, executeWorkload, field } from "./block-testkit.js";
import {
  marketArtifact,
  nftAction,
  nftActor,
  nftArtifact,
  nftMarket,
  nftMarketAddresses,
  nftPreOwner,
  nftPrice,
} from "./nft-market.js";

const N = 200;
const NS = "nft-market";

describe("nft-market", () => {
  const w = nftMarket({ txCount: N });
  const { collection, market } = nftMarketAddresses(NS);

  it("mixes mints, listings and purchases by distinct users", () => {
    const counts = { mint: 0, list: 0, buy: 0 };
    for (let i = 0; i < N; i++) counts[nftAction(i)]++;
    assert.deepEqual(counts, { mint: N / 4, list: N / 4, buy: N / 2 });
    assert.equal(new Set(w.txs.map((t) => t.sender)).size, N);
  });

  it("executes every transaction and transfers tokens, listings and ETH", () => {
    const { result, pre, post } = executeWorkload(w);
    assertStatuses(result, N);
    // Mint: a new owner slot and a new balance; list: a new listing slot; buy: transfer plus ETH forwarding.
    assertGasRange(result, 40_000n, 100_000n, (i) => nftAction(i) !== "buy");
    assertGasRange(result, 50_000n, 120_000n, (i) => nftAction(i) === "buy");

    const nft = nftArtifact();
    const listings = marketArtifact();
    let minted = 0n;
    for (let i = 0; i < N; i++) {
      const id = BigInt(i);
      const actor = nftActor(NS, i).address;
      const action = nftAction(i);
      if (action === "mint") {
        // Mints take ids from nextTokenId = N on, in block order.
        const newId = BigInt(N) + minted++;
        assert.equal(field(post, collection, nft, ["_owners", newId]), actor);
        assert.equal(field(post, collection, nft, ["_balances", actor]), 1n);
      } else if (action === "list") {
        assert.equal(field(post, market, listings, ["listings", id, "seller"]), actor);
        assert.equal(field(post, market, listings, ["listings", id, "price"]), nftPrice(i));
        assert.equal(field(post, collection, nft, ["_owners", id]), actor, "listing keeps ownership");
      } else {
        const seller = nftPreOwner(NS, i);
        assert.equal(field(post, collection, nft, ["_owners", id]), actor, `token ${i} went to its buyer`);
        assert.equal(field(post, collection, nft, ["_balances", seller]), 0n);
        assert.equal(field(post, market, listings, ["listings", id, "price"]), 0n, "listing removed");
        assert.equal(balanceOf(post, seller), balanceOf(pre, seller) + nftPrice(i), "seller paid");
      }
    }
    assert.equal(field(post, collection, nft, ["nextTokenId"]), BigInt(N) + minted);
    assert.equal(balanceOf(post, market), 0n, "the market keeps no ETH");
  });
});
