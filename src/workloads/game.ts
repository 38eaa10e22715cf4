/**
 * game: players of an on-chain board game (ParevmGame, contracts/Game.sol) each make one move. A move
 * rewrites only the mover's own slot (position, score, move count), and every move reads the one leaderboard
 * slot (top score and leader) but writes it only when the mover's new score beats the top score. The players
 * start with scores well below the top, except every RECORD_EVERY-th one, who starts at exactly the current
 * top and so takes the lead: about 2% of moves write the leaderboard, and those conflict with every later
 * move that already read it.
 *
 * Pre-state, written through solc's storage layout: each player's struct (position and move count derived
 * from the player's index, score as above) and the leaderboard. The generator replays the moves (the board's
 * square values are a fixed formula) to know which ones set a record, and returns the expected leaderboard.
 */
import type { Address } from "../primitives/address.js";
import { bigIntToBytes, concatBytes } from "../primitives/hex.js";
import {
  deriveAddress,
  deriveKeyPair,
  eoa,
  type KeyPair,
  labelNumber,
  ONE_ETHER,
  type SignedTransaction,
  signWorkloadTx,
} from "./accounts.js";
import { type ContractArtifact, GAME_CONTRACT, loadArtifact, selector } from "./compile.js";
import { StorageWriter } from "./layout.js";
import { addAccount, assembleWorkload, contractAccount, type WorkloadParts } from "./parts.js";
import { DEFAULT_TX_COUNT } from "./transfers.js";
import type { PreState, Workload, WorkloadOptions } from "./types.js";

/** Gas limit of a move (one uses about 33k, 37k with a new record). */
export const MOVE_GAS = 100_000n;
export const BOARD = 64n;
/** The top score before the block. */
export const INITIAL_TOP_SCORE = 10_000n;
/** Move i sets a record when i mod RECORD_EVERY is RECORD_EVERY / 2. */
export const RECORD_EVERY = 50;

export function gameArtifact(): ContractArtifact {
  return loadArtifact(GAME_CONTRACT);
}

export function gameAddress(namespace: string): Address {
  return deriveAddress(`${namespace}/game`, 0);
}

export function playerKey(namespace: string, i: number): KeyPair {
  return deriveKeyPair(`${namespace}/player`, i);
}

/** ParevmGame.squareValue. */
export function squareValue(x: bigint, y: bigint): bigint {
  return 1n + ((x * 7n + y * 13n) % 16n);
}

export interface PlayerState {
  x: bigint;
  y: bigint;
  score: bigint;
  moves: bigint;
}

/** Position after moving one square in `direction` (0 north, 1 east, 2 south, 3 west) on the wrapping board. */
export function step(p: PlayerState, direction: number): { x: bigint; y: bigint } {
  const dx = direction === 1 ? 1n : direction === 3 ? BOARD - 1n : 0n;
  const dy = direction === 0 ? 1n : direction === 2 ? BOARD - 1n : 0n;
  return { x: (p.x + dx) % BOARD, y: (p.y + dy) % BOARD };
}

export function isRecordMove(i: number): boolean {
  return i % RECORD_EVERY === RECORD_EVERY / 2;
}

export interface Leaderboard {
  topScore: bigint;
  leader: Address;
  /** Indices of the moves that set a record. */
  records: number[];
}

export function buildGame(n: number, namespace: string): WorkloadParts & { leaderboard: Leaderboard } {
  const game = gameAddress(namespace);
  const storage = new StorageWriter(gameArtifact());
  const board: Leaderboard = {
    topScore: INITIAL_TOP_SCORE,
    leader: deriveAddress(`${namespace}/champion`, 0),
    records: [],
  };
  storage.set(["leader"], board.leader).set(["topScore"], board.topScore);
  const pre: PreState = new Map();
  const txs: SignedTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const player = playerKey(namespace, i);
    const h = labelNumber(`${namespace}/player/${i}`);
    const start: PlayerState = {
      x: h % BOARD,
      y: (h >> 8n) % BOARD,
      // Record setters start level with the leader; the rest at most half the initial top score.
      score: isRecordMove(i) ? board.topScore : (h >> 16n) % (INITIAL_TOP_SCORE / 2n),
      moves: 1n + ((h >> 32n) % 100n),
    };
    for (const field of ["x", "y", "score", "moves"] as const)
      storage.set(["players", player.address, field], start[field]);
    addAccount(pre, player.address, eoa(ONE_ETHER, start.moves));

    const direction = i % 4;
    const to = step(start, direction);
    const score = start.score + squareValue(to.x, to.y);
    if (score > board.topScore) {
      board.topScore = score;
      board.leader = player.address;
      board.records.push(i);
    }
    const data = concatBytes(selector(gameArtifact(), "move(uint8)"), bigIntToBytes(BigInt(direction), 32));
    txs.push(signWorkloadTx({ nonce: start.moves, gasLimit: MOVE_GAS, to: game, data }, player));
  }
  addAccount(pre, game, contractAccount(gameArtifact(), storage.storage));
  return { pre, txs, leaderboard: board };
}

export function gameWorkload(options: WorkloadOptions = {}): Workload {
  const n = options.txCount ?? DEFAULT_TX_COUNT;
  return assembleWorkload(
    "game",
    `${n} game moves by distinct players; per-player state, a shared leaderboard written by 1 in ${RECORD_EVERY}`,
    buildGame(n, "game"),
  );
}
