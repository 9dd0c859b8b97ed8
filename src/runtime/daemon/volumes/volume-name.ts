import { randomBytes } from 'node:crypto';

/** Docker's rule for volume names (and the local driver's directory names). */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function isValidVolumeName(name: string): boolean {
  return VOLUME_NAME.test(name) && name.length <= 255;
}

/** An anonymous volume's name: 64 random hex digits, as Docker makes them. */
export function anonymousVolumeName(): string {
  return randomBytes(32).toString('hex');
}
