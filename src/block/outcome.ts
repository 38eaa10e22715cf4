/** What executing one transaction yields: a receipt's worth of facts and the state diff. */
import type { Log } from "../evm/log.js";
import type { StateChanges } from "../state/types.js";

export interface ValidTxOutcome {
  valid: true;
  /** 1 = success, 0 = reverted or halted. */
  status: 0 | 1;
  /** Gas charged to the sender after refunds. */
  gasUsed: bigint;
  logs: Log[];
  returnData: Uint8Array;
  /** Contract address for creations. */
  createdAddress: bigint | undefined;
  /** What the beneficiary earns: gas used × tip (already in `changes` unless the fee was deferred). */
  coinbaseFee: bigint;
  /** Full diff of this transaction, including fee payment to the coinbase and EIP-161 deletions. */
  changes: StateChanges;
}

export interface InvalidTxOutcome {
  valid: false;
  /** Reason class, e.g. "NONCE_MISMATCH_TOO_LOW", "INSUFFICIENT_ACCOUNT_FUNDS", "INTRINSIC_GAS_TOO_LOW". */
  reason: string;
  message: string;
}

export type TxOutcome = ValidTxOutcome | InvalidTxOutcome;
