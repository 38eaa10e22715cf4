/**
 * ParevmToken (contracts/ERC20.sol) accounts for pre-states: balances and allowances are written where
 * solc's storage layout puts `_balances[holder]` and `_allowances[owner][spender]`, and `_totalSupply` is the
 * sum of the balances, so the token is in the state a constructor plus transfers and approvals would leave.
 */
import type { Address } from "../primitives/address.js";
import type { ContractArtifact } from "./compile.js";
import { erc20Artifact } from "./erc20.js";
import { StorageWriter } from "./layout.js";
import { contractAccount } from "./parts.js";
import type { PreAccount } from "./types.js";

/** An allowance of type(uint256).max, which ParevmToken never decrements (as most tokens do). */
export const UNLIMITED_ALLOWANCE = (1n << 256n) - 1n;

export class TokenBuilder {
  private readonly writer: StorageWriter;
  private supply = 0n;

  constructor(readonly artifact: ContractArtifact = erc20Artifact()) {
    this.writer = new StorageWriter(artifact);
  }

  /** Adds `amount` to `holder`'s balance. */
  credit(holder: Address, amount: bigint): this {
    this.writer.set(["_balances", holder], this.writer.get(["_balances", holder]) + amount);
    this.supply += amount;
    return this;
  }

  approve(owner: Address, spender: Address, amount: bigint): this {
    this.writer.set(["_allowances", owner, spender], amount);
    return this;
  }

  account(): PreAccount {
    this.writer.set(["_totalSupply"], this.supply);
    return contractAccount(this.artifact, this.writer.storage);
  }
}
