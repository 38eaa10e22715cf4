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
