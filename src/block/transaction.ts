/** executeTransaction: validate, buy gas, run the EVM, refund, pay the coinbase, produce the diff. */
import { Evm } from "../evm/evm.js";
import { run } from "../evm/interpreter.js";
import { isSuccess, Status } from "../evm/status.js";
import { Fork } from "../forks.js";
import { createAddress } from "../primitives/address.js";
import { Journal } from "../state/journal.js";
import type { StateReader } from "../state/types.js";
import { intrinsicGas } from "../tx/intrinsic.js";
import type { Transaction } from "../tx/types.js";
import type { BlockEnv } from "./env.js";
import type { TxOutcome } from "./outcome.js";
import { effectiveGasPrice, GAS_PER_BLOB, validateTransaction } from "./validate.js";

const EMPTY = new Uint8Array(0);

export interface ExecuteTransactionOptions {
  /** Gas left in the block (defaults to the block gas limit). */
  gasAvailable?: bigint;
  /**
   * Leave the beneficiary's fee out of the diff and report it as `coinbaseFee` instead, so that the parallel
   * executor can credit it lazily without every transaction writing the beneficiary's balance.
   */
  deferCoinbaseFee?: boolean;
}

export function executeTransaction(
  state: StateReader,
  tx: Transaction,
  env: BlockEnv,
  fork: Fork,
  options: ExecuteTransactionOptions = {},
): TxOutcome {
  const journal = new Journal(state);
  const sender = journal.get(tx.sender);
  const rejection = validateTransaction(tx, sender, env, fork, options.gasAvailable ?? env.gasLimit);
  if (rejection !== undefined) return { valid: false, ...rejection };

  const gasPrice = effectiveGasPrice(tx, env.baseFee, fork);
  const blobGas = BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
  journal.setBalance(sender, sender.balance - tx.gasLimit * gasPrice - blobGas * env.blobBaseFee);
  const nonce = sender.nonce;
  journal.setNonce(sender, nonce + 1n);

  const blobHashes = tx.blobVersionedHashes.map((h) => {
    let v = 0n;
    for (const b of h) v = (v << 8n) | BigInt(b);
    return v;
  });
  const evm = new Evm(journal, env, fork, { origin: tx.sender, gasPrice, blobHashes });

  // The pre-warmed set (EIP-2929, EIP-2930, EIP-3651): not undone by any revert.
  if (fork >= Fork.Berlin) {
    journal.prewarmAccount(sender);
    for (let i = 1; i < evm.precompiles.length; i++) if (evm.precompiles[i]) journal.prewarmAddress(BigInt(i));
    if (fork >= Fork.Shanghai) journal.prewarmAddress(env.coinbase);
    for (const entry of tx.accessList) {
      const a = journal.get(entry.address);
      journal.prewarmAccount(a);
      for (const k of entry.storageKeys) journal.prewarmSlot(a, k);
    }
  }

  const gas = tx.gasLimit - intrinsicGas(tx, fork);
  let createdAddress: bigint | undefined;
  let frame: ReturnType<Evm["enterCall"]>;
  if (tx.to === undefined) {
    createdAddress = createAddress(tx.sender, nonce);
    if (fork >= Fork.Berlin) journal.prewarmAccount(journal.get(createdAddress));
    frame = evm.enterCreate(0, tx.sender, createdAddress, tx.value, tx.data, gas);
  } else {
    if (fork >= Fork.Berlin) journal.prewarmAccount(journal.get(tx.to));
    frame = evm.enterCall(0, tx.sender, tx.to, tx.to, tx.value, true, tx.data, gas, false, false);
  }
  if (frame !== undefined) run(evm, frame);
  const status = evm.immediateStatus;
  const gasLeft = evm.immediateGas;
  const output = evm.immediateOutput;

  let gasUsed = tx.gasLimit - gasLeft;
  const refundCap = gasUsed / (fork >= Fork.London ? 5n : 2n);
  const refund = journal.refund < refundCap ? journal.refund : refundCap;
  gasUsed -= refund;
  journal.addBalance(sender, (tx.gasLimit - gasUsed) * gasPrice);
  const tip = fork >= Fork.London ? gasPrice - env.baseFee : gasPrice;
  const coinbaseFee = gasUsed * tip;
  if (options.deferCoinbaseFee !== true) journal.addBalance(journal.get(env.coinbase), coinbaseFee);

  const ok = isSuccess(status);
  return {
    valid: true,
    status: ok ? 1 : 0,
    gasUsed,
    logs: ok ? journal.logs : [],
    returnData: status === Status.Return || status === Status.Revert ? output : EMPTY,
    createdAddress: ok ? createdAddress : undefined,
    coinbaseFee,
    changes: journal.changes(fork >= Fork.SpuriousDragon),
  };
}
