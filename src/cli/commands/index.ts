import type { CommandSpec } from '../command-spec.ts';
import { configSpec } from './config-spec.ts';
import { imageSpec } from './image-spec.ts';
import { runtimeSpec } from './runtime-spec.ts';
import { validateSpec } from './validate-spec.ts';

/** Every command, in the order `stack --help` lists them. */
export const commandSpecs: readonly CommandSpec[] = [configSpec, validateSpec, imageSpec, runtimeSpec];
