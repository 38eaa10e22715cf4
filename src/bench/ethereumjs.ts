/**
 * The baseline engine: @ethereumjs/vm 10 on a MerkleStateManager with its caches enabled (as the ethereumjs
 * client runs blocks), fork Cancun, the workload's block environment, and nothing skipped (nonce, balance,
 * gas-limit and hardfork checks all on). `createEthereumjsEngine({ caches: false })` gives createVM's bare
 * default, whose every account and storage write goes into the Merkle trie (hashing nodes) right away: about
 * five times slower on transfers, and trie work parevm's sequential loop does not do.
 *
 * Everything that is not transaction execution happens in prepare(), before timing: the VM is created, the
 * pre-state is written into its state manager and committed, the transactions are built from their signed
 * encodings, and each one's sender public key and hash are computed once so they are cached on the (frozen)
 * transaction object, as parevm's transactions carry their recovered sender.
 */
import { createBlock } from "@ethereumjs/block";
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { Caches, MerkleStateManager } from "@ethereumjs/statemanager";
import { createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { Account, Address } from "@ethereumjs/util";
import { createVM, runTx } from "@ethereumjs/vm";
import { Fork } from "../forks.js";
import { addressToBytes, addressToHex } from "../primitives/address.js";
import { bigIntToBytes } from "../primitives/hex.js";
import type { Workload } from "../workloads/types.js";
import type { Engine, EngineRunResult, PreparedRun, TxSummary } from "./engine.js";

function hardforkOf(fork: Fork): Hardfork {
  if (fork !== Fork.Cancun) throw new Error(`ethereumjs bench engine: only Cancun is wired up (got ${Fork[fork]})`);
  return Hardfork.Cancun;
}

/** Cancun mainnet parameters for transaction objects (the VM gets its own Common). */
const txCommon = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });

/**
 * Transaction objects by signed encoding. They are frozen and immutable, so warm-up and timed runs of the same
 * workload share them and ethereumjs's (pure-JS, ~1 ms) sender recovery happens once per transaction.
 */
const txCache = new WeakMap<Uint8Array, TypedTransaction>();

function ethereumjsTx(raw: Uint8Array, expectedSender: bigint, index: number): TypedTransaction {
  const hit = txCache.get(raw);
  if (hit !== undefined) return hit;
  const tx = createTxFromRLP(raw, { common: txCommon }) as TypedTransaction;
  const sender = tx.getSenderAddress();
  if (sender.toString() !== addressToHex(expectedSender)) {
    throw new Error(`ethereumjs bench engine: tx ${index} sender ${sender.toString()} differs from the workload's`);
  }
  tx.hash();
  txCache.set(raw, tx);
  return tx;
}

export interface EthereumjsEngineOptions {
  /** Enable the MerkleStateManager's account/storage/code caches (default true). */
  caches?: boolean;
}

/** Creates the VM, loads the pre-state and builds block and transactions. Untimed. */
export async function prepareEthereumjs(
  workload: Workload,
  options: EthereumjsEngineOptions = {},
): Promise<PreparedRun> {
  const { env } = workload;
  if (env.blobBaseFee !== 1n)
    throw new Error("ethereumjs bench engine: only blobBaseFee 1 (excessBlobGas 0) is supported");
  const common = new Common({ chain: Mainnet, hardfork: hardforkOf(workload.fork) });
  if (common.chainId() !== env.chainId) {
    throw new Error(`ethereumjs bench engine: workload chain id ${env.chainId} is not mainnet's ${common.chainId()}`);
  }
  const stateManager = new MerkleStateManager(options.caches === false ? { common } : { common, caches: new Caches() });
  const vm = await createVM({ common, stateManager });
  const sm = vm.stateManager;

  await sm.checkpoint();
  for (const [address, pre] of workload.pre) {
    const a = new Address(addressToBytes(address));
    await sm.putAccount(a, new Account(pre.nonce, pre.balance));
    if (pre.code.length > 0) await sm.putCode(a, pre.code);
    for (const [slot, value] of pre.storage) {
      if (value !== 0n) await sm.putStorage(a, bigIntToBytes(slot, 32), bigIntToBytes(value, 32));
    }
  }
  await sm.commit();

  const block = createBlock(
    {
      header: {
        number: env.number,
        timestamp: env.timestamp,
        coinbase: new Address(addressToBytes(env.coinbase)),
        gasLimit: env.gasLimit,
        baseFeePerGas: env.baseFee,
        mixHash: bigIntToBytes(env.prevRandao, 32),
        difficulty: env.difficulty,
        excessBlobGas: 0n,
        blobGasUsed: 0n,
        parentBeaconBlockRoot: new Uint8Array(32),
      },
    },
    { common },
  );

  const txs = workload.raw.map((raw, i) => ethereumjsTx(raw, workload.txs[i].sender, i));

  let used = false;
  return {
    async run(): Promise<EngineRunResult> {
      if (used) throw new Error("ethereumjs bench engine: a prepared run can only be run once");
      used = true;
      // Like runBlock: one block-level checkpoint, so per-transaction commits stay in the state manager's
      // caches instead of being flushed into the trie after every transaction. The block's final commit
      // (the flush, i.e. state-root work, which parevm's loop does not do either) is left out.
      await vm.evm.journal.checkpoint();
      let gasUsed = 0n;
      const summaries: TxSummary[] = [];
      for (const tx of txs) {
        try {
          const r = await runTx(vm, { tx, block, blockGasUsed: gasUsed });
          gasUsed += r.totalGasSpent;
          summaries.push({
            valid: true,
            status: r.execResult.exceptionError === undefined ? 1 : 0,
            gasUsed: r.totalGasSpent,
          });
        } catch (e) {
          summaries.push({ valid: false, reason: e instanceof Error ? e.message : String(e) });
        }
      }
      return { gasUsed, txs: summaries };
    },
  };
}

export function createEthereumjsEngine(options: EthereumjsEngineOptions = {}): Engine {
  return { name: "ethereumjs", prepare: (workload) => prepareEthereumjs(workload, options) };
}

export const ethereumjsEngine: Engine = createEthereumjsEngine();
