import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bigIntToBytes, concatBytes } from "../primitives/hex.js";
import { keccak256Word } from "../primitives/keccak.js";
import { BOUNTY_CONTRACT, loadArtifact, storageSlot } from "./compile.js";
import { erc20Artifact, mappingSlot } from "./erc20.js";
import { extractField, insertField, LayoutError, locate, readField, StorageWriter } from "./layout.js";

const word = (...parts: bigint[]): Uint8Array => concatBytes(...parts.map((p) => bigIntToBytes(p, 32)));

describe("storage layout", () => {
  const bounty = loadArtifact(BOUNTY_CONTRACT);

  it("finds top-level variables and mapping entries where Solidity puts them", () => {
    const erc20 = erc20Artifact();
    assert.deepEqual(locate(erc20, ["_totalSupply"]), {
      slot: storageSlot(erc20, "_totalSupply"),
      offset: 0,
      bytes: 32,
      type: "t_uint256",
    });
    assert.equal(locate(erc20, ["_balances", 0xabcn]).slot, mappingSlot(0xabcn, storageSlot(erc20, "_balances")));
    const inner = keccak256Word(word(0x1n, storageSlot(erc20, "_allowances")));
    assert.equal(locate(erc20, ["_allowances", 0x1n, 0x2n]).slot, keccak256Word(word(0x2n, inner)));
  });

  it("adds struct member slots and keeps packed offsets", () => {
    const base = keccak256Word(word(7n, storageSlot(bounty, "bounties")));
    assert.deepEqual(locate(bounty, ["bounties", 7n, "requester"]), {
      slot: base,
      offset: 0,
      bytes: 20,
      type: "t_address",
    });
    assert.deepEqual(locate(bounty, ["bounties", 7n, "reward"]), {
      slot: base,
      offset: 20,
      bytes: 12,
      type: "t_uint96",
    });
    assert.equal(locate(bounty, ["bounties", 7n, "promptHash"]).slot, base + 1n);
    assert.deepEqual(locate(bounty, ["bounties", 7n, "closed"]), {
      slot: base + 2n,
      offset: 4,
      bytes: 1,
      type: "t_bool",
    });
    const outer = keccak256Word(word(3n, storageSlot(bounty, "submissions")));
    assert.equal(locate(bounty, ["submissions", 3n, 2n, "resultHash"]).slot, keccak256Word(word(2n, outer)) + 1n);
  });

  it("packs fields into one word and reads them back", () => {
    const w = new StorageWriter(bounty).set(["bounties", 1n, "requester"], 0xaan).set(["bounties", 1n, "reward"], 5n);
    const at = locate(bounty, ["bounties", 1n, "reward"]);
    assert.equal(w.storage.get(at.slot), (5n << 160n) | 0xaan);
    assert.equal(w.get(["bounties", 1n, "requester"]), 0xaan);
    assert.equal(
      readField(bounty, ["bounties", 1n, "reward"], (s) => w.storage.get(s) ?? 0n),
      5n,
    );
    w.set(["bounties", 1n, "closed"], true);
    assert.equal(w.get(["bounties", 1n, "closed"]), 1n);
    // Zeroing every field of a slot removes the slot: pre-state storage holds non-zero slots only.
    w.set(["bounties", 1n, "requester"], 0n).set(["bounties", 1n, "reward"], 0n);
    assert.equal(w.storage.has(at.slot), false);
  });

  it("replaces a field without touching its neighbours", () => {
    const at = { slot: 0n, offset: 4, bytes: 1, type: "t_bool" };
    const w = insertField(0xff_00_00_00_00n | 0xaan, at, 1n);
    assert.equal(w, 0x01_00_00_00_aan);
    assert.equal(extractField(w, at), 1n);
  });

  it("rejects paths and values the layout does not allow", () => {
    assert.throws(() => locate(bounty, ["nope"]), LayoutError);
    assert.throws(() => locate(bounty, ["bountyCount", 1n]), LayoutError);
    assert.throws(() => locate(bounty, ["bounties", 1n, "nope"]), LayoutError);
    assert.throws(() => locate(bounty, ["bounties", 1n]), /not a single value/);
    assert.throws(() => new StorageWriter(bounty).set(["bounties", 1n, "reward"], 1n << 96n), LayoutError);
  });
});
