import type { LoadOptions, LoadResult } from './load-options.ts';
import { loadProjectWith } from './load.ts';
import { parseComposeTextGeneral } from './parse-general.ts';

/**
 * loadProject, synchronous, with the general YAML reader loaded up front:
 * for tests and tools that cannot await. Commands use loadProject, which
 * loads that reader only when a file needs it.
 */
export function loadProjectSync(options: LoadOptions): LoadResult {
  return loadProjectWith(options, parseComposeTextGeneral);
}
