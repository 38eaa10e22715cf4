import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertGasRange, assertStatuses, executeWorkload, field } from "./block-testkit.js";
import { buildGame, gameAddress, gameArtifact, gameWorkload, isRecordMove, playerKey, RECORD_EVERY } from "./game.js";

const N = 200;
const NS = "game";

describe("game", () => {
  const w = gameWorkload({ txCount: N });

  it("executes every move, updates each player and the leaderboard only on records", () => {
    const { result, pre, post } = executeWorkload(w);
    assertStatuses(result, N);
    // A move rewrites one packed slot (about 33k); a record also writes the leaderboard slot (about 37k).
    assertGasRange(result, 25_000n, 60_000n);

    const game = gameAddress(NS);
    const artifact = gameArtifact();
    const { leaderboard } = buildGame(N, NS);
    assert.equal(leaderboard.records.length, N / RECORD_EVERY);
    assert.ok(leaderboard.records.every(isRecordMove));
    assert.equal(field(post, game, artifact, ["topScore"]), leaderboard.topScore);
    assert.equal(field(post, game, artifact, ["leader"]), leaderboard.leader);
    assert.ok(leaderboard.topScore > field(pre, game, artifact, ["topScore"]));

    for (let i = 0; i < N; i++) {
      const player = playerKey(NS, i).address;
      const path = (f: string) => ["players", player, f] as const;
      assert.equal(field(post, game, artifact, path("moves")), field(pre, game, artifact, path("moves")) + 1n);
      const gained = field(post, game, artifact, path("score")) - field(pre, game, artifact, path("score"));
      assert.ok(gained >= 1n && gained <= 16n, `player ${i} gained ${gained}`);
      // Moved and, for a record, NewLeader.
      assert.equal(result.receipts[i].logs.length, isRecordMove(i) ? 2 : 1, `tx ${i} logs`);
    }
  });
});
