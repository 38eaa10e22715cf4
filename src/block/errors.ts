/** Typed errors of block/: a block that cannot be decoded, and a block that is invalid. */

/**
 * A block's encoding (RLP or JSON) is malformed. `reason` is a class in the ethereum/tests vocabulary
 * ("BlockException.RLP_STRUCTURES_ENCODING", "BlockException.RLP_INVALID_ADDRESS", …); `field` names the part
 * at fault ("header.coinbase", "transactions[3]", "withdrawals[0].amount").
 */
export class BlockDecodeError extends Error {
  override name = "BlockDecodeError";
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly reason = "BlockException.RLP_STRUCTURES_ENCODING",
    readonly where?: string,
  ) {
    super(`${where === undefined ? "" : `${where}: `}block field "${field}": ${problem}`);
  }
}

/**
 * A well-formed block that breaks a consensus rule: a header check, an invalid transaction, or a result that
 * differs from what the header commits to. `reason` is the ethereum/tests class, e.g.
 * "BlockException.INVALID_GASLIMIT" or "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS".
 */
export class InvalidBlockError extends Error {
  override name = "InvalidBlockError";
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`invalid block (${reason}): ${detail}`);
  }
}
