import type { CommandSpec } from '../command-spec.ts';
import { configSpec } from './config-spec.ts';
import { dashboardSpec } from './dashboard.ts';
import { downSpec } from './down.ts';
import { execSpec } from './exec.ts';
import { eventsSpec, imagesSpec, lsSpec, portSpec, topSpec, waitSpec } from './inspect-commands.ts';
import { killSpec, pauseSpec, restartSpec, rmSpec, startSpec, stopSpec, unpauseSpec } from './lifecycle.ts';
import { logsSpec } from './logs.ts';
import { planSpec } from './plan.ts';
import { psSpec } from './ps.ts';
import { runSpec } from './run.ts';
import { cpSpec, pullSpec } from './transfer-commands.ts';
import { upSpec } from './up.ts';
import { imageSpec } from './image-spec.ts';
import { runtimeSpec } from './runtime-spec.ts';
import { validateSpec } from './validate-spec.ts';

/** Every command, in the order `stack --help` lists them. */
export const commandSpecs: readonly CommandSpec[] = [
  upSpec,
  downSpec,
  psSpec,
  logsSpec,
  dashboardSpec,
  planSpec,
  startSpec,
  stopSpec,
  restartSpec,
  killSpec,
  rmSpec,
  pauseSpec,
  unpauseSpec,
  execSpec,
  runSpec,
  topSpec,
  portSpec,
  imagesSpec,
  eventsSpec,
  waitSpec,
  lsSpec,
  pullSpec,
  cpSpec,
  configSpec,
  validateSpec,
  imageSpec,
  runtimeSpec,
];
