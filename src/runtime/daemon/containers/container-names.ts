import { randomBytes, randomInt } from 'node:crypto';
import { invalidConfig } from './container-errors.ts';

/** Docker's rule for container names (a leading `/` is allowed and dropped). */
const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function normalizeContainerName(name: string): string {
  if (!NAME.test(name)) throw invalidConfig(`invalid container name "${name}"`, 'Use [a-zA-Z0-9][a-zA-Z0-9_.-]+ (at least 2 characters).');
  return name.startsWith('/') ? name.slice(1) : name;
}

export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

const ADJECTIVES = ['brave', 'calm', 'eager', 'fond', 'gentle', 'happy', 'keen', 'lucid', 'merry', 'nifty', 'proud', 'quiet', 'sharp', 'swift', 'tender', 'vivid', 'wise', 'zealous'];
const NOUNS = ['ada', 'babbage', 'curie', 'darwin', 'euler', 'fermat', 'gauss', 'hopper', 'kepler', 'lovelace', 'noether', 'pascal', 'ritchie', 'shannon', 'thompson', 'turing', 'volta', 'wozniak'];

/** A readable name for a container created without one, as Docker makes them (`adjective_scientist`). */
export function generateContainerName(taken: (name: string) => boolean): string {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const base = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${NOUNS[randomInt(NOUNS.length)]}`;
    const name = attempt < 5 ? base : `${base}${randomInt(1000)}`;
    if (!taken(name)) return name;
  }
  return `container_${randomBytes(6).toString('hex')}`;
}
