/**
 * The state of a block being executed: the committed database underneath, and the net changes of the
 * transactions executed so far on top. Each transaction reads through it and its diff is folded in; the
 * database is written only when the whole block has passed, by committing `changes()` at once.
 */
import type { Address } from "../primitives/address.js";
import type { Account, StateChanges, StateReader } from "./types.js";

export class StateOverlay implements StateReader {
  private readonly net: StateChanges = new Map();

  constructor(readonly base: StateReader) {}

  account(address: Address): Account | undefined {
    const c = this.net.get(address);
    return c === undefined ? this.base.account(address) : c.account;
  }

  storage(address: Address, slot: bigint): bigint {
    const c = this.net.get(address);
    if (c === undefined) return this.base.storage(address, slot);
    const v = c.storage.get(slot);
    if (v !== undefined) return v;
    return c.storageCleared ? 0n : this.base.storage(address, slot);
  }

  /**
   * Whether any slot is non-zero. When the block zeroed slots the base still holds, the base's answer is
   * kept: telling would need the base's full slot list, and EIP-7610 collisions on such accounts do not occur.
   */
  hasStorage(address: Address): boolean {
    const c = this.net.get(address);
    if (c === undefined) return this.base.hasStorage(address);
    for (const v of c.storage.values()) if (v !== 0n) return true;
    return !c.storageCleared && this.base.hasStorage(address);
  }

  blockHash(number: bigint): bigint {
    return this.base.blockHash(number);
  }

  /** Folds one transaction's (or system operation's) diff into the block's net changes. */
  apply(changes: StateChanges): void {
    for (const [address, change] of changes) {
      const prev = this.net.get(address);
      if (prev === undefined || change.storageCleared || change.account === undefined) {
        // New to the block, destroyed, or re-created: the change alone says what the account's storage is.
        this.net.set(address, {
          account: change.account,
          storageCleared: change.storageCleared || change.account === undefined,
          storage: change.account === undefined ? new Map() : new Map(change.storage),
        });
        continue;
      }
      prev.account = change.account;
      for (const [k, v] of change.storage) prev.storage.set(k, v);
    }
  }

  /**
   * Like `apply`, for changes nobody else holds (the parallel executor's assembled block changes): an account
   * new to the block takes its change object as it is instead of a copy.
   */
  adopt(changes: StateChanges): void {
    for (const [address, change] of changes) {
      if (this.net.has(address)) this.apply(new Map([[address, change]]));
      else if (change.account === undefined && (!change.storageCleared || change.storage.size > 0)) {
        this.net.set(address, { account: undefined, storageCleared: true, storage: new Map() });
      } else this.net.set(address, change);
    }
  }

  /** The block's net changes so far (live: later `apply` calls change it). */
  changes(): StateChanges {
    return this.net;
  }
}
