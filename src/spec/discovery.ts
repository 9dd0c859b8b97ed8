import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../base/index.ts';
import { errorAt, warningAt } from './diagnostic.ts';
import type { LoadHost } from './host.ts';

/** The default compose file names, in the order Compose prefers them. */
export const DEFAULT_FILE_NAMES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** The override files Compose adds beside a default file it found. */
export const OVERRIDE_FILE_NAMES: readonly string[] = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export interface FoundFiles {
  /** Absolute paths (`-` for stdin), in load order. */
  readonly files: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Searches `startDir` and then each parent for the first default compose
 * file name, and adds the first override file beside it. Several default
 * names in one directory is a warning (Compose uses the first).
 */
export function findDefaultFiles(startDir: string, host: LoadHost): FoundFiles {
  let dir = resolve(startDir);
  for (;;) {
    const present = DEFAULT_FILE_NAMES.filter((name) => host.isFile(join(dir, name)));
    if (present.length > 0) {
      const main = join(dir, present[0]!);
      const diagnostics: Diagnostic[] = [];
      if (present.length > 1) {
        diagnostics.push(
          warningAt({
            code: 'STK1012',
            message: `found several compose files in ${dir}: ${present.join(', ')}; using ${present[0]}`,
            file: main,
            hint: `remove or rename the others, or name the file to use with -f`,
          }),
        );
      }
      const override = OVERRIDE_FILE_NAMES.find((name) => host.isFile(join(dir, name)));
      return { files: override ? [main, join(dir, override)] : [main], diagnostics };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {
    files: [],
    diagnostics: [
      errorAt({
        code: 'STK1007',
        message: `no compose file found in ${resolve(startDir)} or any parent directory`,
        hint: `create a compose.yaml, or name one with -f (looked for ${DEFAULT_FILE_NAMES.join(', ')})`,
      }),
    ],
  };
}

/** `COMPOSE_FILE` split on `COMPOSE_PATH_SEPARATOR` (`:` by default), each path resolved against `baseDir`. */
export function splitComposeFileVariable(value: string, separator: string | undefined, baseDir: string): string[] {
  const sep = separator && separator.length > 0 ? separator : process.platform === 'win32' ? ';' : ':';
  return value
    .split(sep)
    .filter((p) => p.length > 0)
    .map((p) => (p === '-' ? '-' : resolve(baseDir, p)));
}

/** A compose file named with -f (or in COMPOSE_FILE) that does not exist. */
export function missingComposeFile(path: string): Diagnostic {
  return errorAt({
    code: 'STK1003',
    message: `compose file ${path} not found`,
    file: path,
    hint: 'check the path given with -f or in COMPOSE_FILE (relative paths start from the current directory)',
  });
}
