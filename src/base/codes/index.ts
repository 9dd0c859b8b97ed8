import { cliCodes } from './cli.ts';
import { internalCodes } from './internal.ts';
import { networkCodes } from './network.ts';
import { parseCodes } from './parse.ts';
import { planCodes } from './plan.ts';
import { engineCodes } from './engine.ts';
import { containersCodes } from './containers.ts';
import { daemonCodes } from './daemon.ts';
import { imagesCodes } from './images.ts';
import { runtimeCodes } from './runtime.ts';
import { volumesCodes } from './volumes.ts';
import { schemaCodes } from './schema.ts';
import { semanticCodes } from './semantic.ts';
import type { CodeInfo, CodeTable } from './types.ts';

export type { CodeInfo, CodeTable } from './types.ts';

/**
 * The catalogue of every diagnostic and error code, one file per band:
 * 1xxx parse, 2xxx schema, 3xxx semantics, 4xxx plan (40xx planner, 45xx engine), 5xxx runtime (50xx client,
 * 51xx images, 52xx containers, 53xx stackd, 54xx volumes, 5099 canceled),
 * 6xxx network, 7xxx CLI, 9xxx internal.
 */
export const codes: CodeTable = {
  ...parseCodes,
  ...schemaCodes,
  ...semanticCodes,
  ...planCodes,
  ...engineCodes,
  ...runtimeCodes,
  ...imagesCodes,
  ...containersCodes,
  ...daemonCodes,
  ...volumesCodes,
  ...networkCodes,
  ...cliCodes,
  ...internalCodes,
};

export function codeInfo(code: string): CodeInfo | undefined {
  return codes[code];
}
