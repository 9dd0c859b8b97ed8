import type { CommandSpec } from '../command-spec.ts';
import { configSpec } from './config-spec.ts';
import { downSpec } from './down.ts';
import { logsSpec } from './logs.ts';
import { planSpec } from './plan.ts';
import { psSpec } from './ps.ts';
import { upSpec } from './up.ts';
import { imageSpec } from './image-spec.ts';
import { runtimeSpec } from './runtime-spec.ts';
import { validateSpec } from './validate-spec.ts';

/** Every command, in the order `stack --help` lists them. */
export const commandSpecs: readonly CommandSpec[] = [upSpec, downSpec, psSpec, logsSpec, planSpec, configSpec, validateSpec, imageSpec, runtimeSpec];
