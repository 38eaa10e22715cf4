/**
 * nft-market: a collection (ParevmNFT, contracts/NFT.sol) and a fixed-price market for it (ParevmMarket,
 * contracts/Market.sol). Transaction i does, by i mod 4:
 *   0  mint: a new user mints the next token id (free open mint);
 *   1  list: the owner of token i, who approved the market earlier, lists it;
 *   2,3 buy: a new user buys token i, listed before this block, paying its price in ETH, which the market
 *       forwards to the seller.
 * Conflicts: every mint increments the collection's one id counter, so mints form a chain (one in four
 * transactions). Lists and buys touch only their own token, seller and buyer; the one thing purchases share
 * is the market contract's ETH balance, which each buy raises and lowers by the same amount in one call.
 *
 * Pre-state, written through solc's storage layout: a collection of `n` tokens (ids 0..n-1; token i belongs
 * to the seller of transaction i, or to a collector when transaction i is a mint), the market approved as
 * operator by every seller, a listing for every token bought in the block, and nextTokenId = n.
 */
import type { Address } from "../primitives/address.js";
import { bigIntToBytes, concatBytes } from "../primitives/hex.js";
import {
  deriveAddress,
  deriveKeyPair,
  eoa,
  type KeyPair,
  ONE_ETHER,
  type SignedTransaction,
  signWorkloadTx,
} from "./accounts.js";
import { type ContractArtifact, loadArtifact, MARKET_CONTRACT, NFT_CONTRACT, selector } from "./compile.js";
import { StorageWriter } from "./layout.js";
import { addAccount, assembleWorkload, contractAccount, type WorkloadParts } from "./parts.js";
import { DEFAULT_TX_COUNT } from "./transfers.js";
import type { PreState, Workload, WorkloadOptions } from "./types.js";

/** Gas limit of every transaction (a mint uses about 73k, a listing 57k, a purchase 74k). */
export const NFT_TX_GAS = 150_000n;

export type NftAction = "mint" | "list" | "buy";

export function nftAction(i: number): NftAction {
  const k = i % 4;
  return k === 0 ? "mint" : k === 1 ? "list" : "buy";
}

export function nftArtifact(): ContractArtifact {
  return loadArtifact(NFT_CONTRACT);
}

export function marketArtifact(): ContractArtifact {
  return loadArtifact(MARKET_CONTRACT);
}

export interface NftMarketAddresses {
  collection: Address;
  market: Address;
}

export function nftMarketAddresses(namespace: string): NftMarketAddresses {
  return { collection: deriveAddress(`${namespace}/collection`, 0), market: deriveAddress(`${namespace}/market`, 0) };
}

/** Price of token i: 0.01 to 0.10 ETH. */
export function nftPrice(i: number): bigint {
  return (BigInt(1 + (i % 10)) * ONE_ETHER) / 100n;
}

/** Who signs transaction i. */
export function nftActor(namespace: string, i: number): KeyPair {
  const action = nftAction(i);
  return deriveKeyPair(`${namespace}/${action === "mint" ? "minter" : action === "list" ? "lister" : "buyer"}`, i);
}

/** The owner of pre-minted token i before the block (the seller of a listed token signs nothing here). */
export function nftPreOwner(namespace: string, i: number): Address {
  const action = nftAction(i);
  if (action === "list") return nftActor(namespace, i).address;
  return deriveAddress(`${namespace}/${action === "mint" ? "collector" : "seller"}`, i);
}

function call(artifact: ContractArtifact, signature: string, ...args: bigint[]): Uint8Array {
  return concatBytes(selector(artifact, signature), ...args.map((a) => bigIntToBytes(a, 32)));
}

export function buildNftMarket(n: number, namespace: string): WorkloadParts {
  const { collection, market } = nftMarketAddresses(namespace);
  const nft = new StorageWriter(nftArtifact());
  const listings = new StorageWriter(marketArtifact()).set(["collection"], collection);
  const pre: PreState = new Map();
  const txs: SignedTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const id = BigInt(i);
    const owner = nftPreOwner(namespace, i);
    nft.set(["_owners", id], owner).set(["_balances", owner], 1n);
    const action = nftAction(i);
    const actor = nftActor(namespace, i);
    addAccount(pre, actor.address, eoa(10n * ONE_ETHER));
    let tx: { to: Address; data: Uint8Array; value?: bigint };
    if (action === "mint") {
      tx = { to: collection, data: call(nftArtifact(), "mint()") };
    } else if (action === "list") {
      nft.set(["_operators", owner, market], true);
      tx = { to: market, data: call(marketArtifact(), "list(uint256,uint96)", id, nftPrice(i)) };
    } else {
      // The seller approved the market and listed the token in earlier blocks (two transactions: nonce 2).
      nft.set(["_operators", owner, market], true);
      listings.set(["listings", id, "seller"], owner).set(["listings", id, "price"], nftPrice(i));
      addAccount(pre, owner, eoa(ONE_ETHER, 2n));
      tx = { to: market, data: call(marketArtifact(), "buy(uint256)", id), value: nftPrice(i) };
    }
    txs.push(signWorkloadTx({ nonce: 0n, gasLimit: NFT_TX_GAS, ...tx }, actor));
  }
  nft.set(["nextTokenId"], BigInt(n));
  addAccount(pre, collection, contractAccount(nftArtifact(), nft.storage));
  addAccount(pre, market, contractAccount(marketArtifact(), listings.storage));
  return { pre, txs };
}

export function nftMarket(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return assembleWorkload(
    "nft-market",
    `${n} NFT transactions: 1/4 mints (one id counter), 1/4 listings, 1/2 fixed-price purchases of listed tokens`,
    buildNftMarket(n, "nft-market"),
  );
}
