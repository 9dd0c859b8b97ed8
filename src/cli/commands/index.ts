import type { CommandSpec } from '../command-spec.ts';

/** Every command, in the order `stack --help` lists them. */
export const commandSpecs: readonly CommandSpec[] = [];
