/** Forks as an ordered enum: rules are written `fork >= Fork.Berlin`. */
export enum Fork {
  Frontier = 0,
  Homestead = 1,
  TangerineWhistle = 2,
  SpuriousDragon = 3,
  Byzantium = 4,
  Constantinople = 5,
  Petersburg = 6,
  Istanbul = 7,
  Berlin = 8,
  London = 9,
  Paris = 10,
  Shanghai = 11,
  Cancun = 12,
}

/** Names used by ethereum/tests `post` sections and `network` fields, mapped to forks. */
const FIXTURE_NAMES: Record<string, Fork> = {
  Frontier: Fork.Frontier,
  Homestead: Fork.Homestead,
  EIP150: Fork.TangerineWhistle,
  TangerineWhistle: Fork.TangerineWhistle,
  EIP158: Fork.SpuriousDragon,
  SpuriousDragon: Fork.SpuriousDragon,
  Byzantium: Fork.Byzantium,
  Constantinople: Fork.Constantinople,
  ConstantinopleFix: Fork.Petersburg,
  Petersburg: Fork.Petersburg,
  Istanbul: Fork.Istanbul,
  Berlin: Fork.Berlin,
  London: Fork.London,
  Paris: Fork.Paris,
  Merge: Fork.Paris,
  Shanghai: Fork.Shanghai,
  Cancun: Fork.Cancun,
};

export function forkFromName(name: string): Fork | undefined {
  if (name in FIXTURE_NAMES) return FIXTURE_NAMES[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(FIXTURE_NAMES)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** The name ethereum/tests uses for a fork in `post` sections. */
export function fixtureForkName(fork: Fork): string {
  const names = ["Frontier", "Homestead", "EIP150", "EIP158", "Byzantium", "Constantinople", "ConstantinopleFix"];
  return fork < names.length ? names[fork] : Fork[fork];
}

export const FORK_NAMES = Object.keys(FIXTURE_NAMES);

/** When a fork starts on a chain: by block number before the merge, by timestamp after it. */
export interface ForkActivation {
  fork: Fork;
  block?: bigint;
  timestamp?: bigint;
}

/** A chain's identity and fork schedule (ordered, oldest first). */
export interface ChainConfig {
  name: string;
  chainId: bigint;
  schedule: ReadonlyArray<ForkActivation>;
  /** Block at which the DAO fork moves the drained accounts' balances (mainnet 1,920,000); undefined = none. */
  daoForkBlock?: bigint;
}

/**
 * Ethereum mainnet. Constantinople and Petersburg activated at the same block, so Petersburg rules apply from
 * 7,280,000 on; the merge is pinned to its first proof-of-stake block (15,537,394) rather than to total
 * difficulty, which a block alone cannot tell. Difficulty-bomb delays (Muir Glacier, Arrow Glacier, Gray
 * Glacier) change no execution rule and are not forks here.
 */
export const MAINNET: ChainConfig = {
  name: "mainnet",
  chainId: 1n,
  daoForkBlock: 1_920_000n,
  schedule: [
    { fork: Fork.Frontier, block: 0n },
    { fork: Fork.Homestead, block: 1_150_000n },
    { fork: Fork.TangerineWhistle, block: 2_463_000n },
    { fork: Fork.SpuriousDragon, block: 2_675_000n },
    { fork: Fork.Byzantium, block: 4_370_000n },
    { fork: Fork.Petersburg, block: 7_280_000n },
    { fork: Fork.Istanbul, block: 9_069_000n },
    { fork: Fork.Berlin, block: 12_244_000n },
    { fork: Fork.London, block: 12_965_000n },
    { fork: Fork.Paris, block: 15_537_394n },
    { fork: Fork.Shanghai, timestamp: 1_681_338_455n },
    { fork: Fork.Cancun, timestamp: 1_710_338_135n },
  ],
};

/** The fork in force for a block of `chain` with this number and timestamp. */
export function forkAt(chain: ChainConfig, number: bigint, timestamp: bigint): Fork {
  let fork = Fork.Frontier;
  for (const a of chain.schedule) {
    const active = a.block !== undefined ? number >= a.block : a.timestamp !== undefined && timestamp >= a.timestamp;
    if (active) fork = a.fork;
  }
  return fork;
}

/** A chain that runs one fork from genesis (the ethereum/tests networks such as "Cancun"). */
export function singleForkChain(fork: Fork, chainId = 1n): ChainConfig {
  return { name: Fork[fork], chainId, schedule: [{ fork, block: 0n }] };
}
