import { basename } from 'node:path';

/**
 * Compose's project name rule: lowercase letters, digits, dashes and
 * underscores, starting with a letter or a digit.
 */
const NORMAL = /^[a-z0-9][a-z0-9_-]*$/;

export function isNormalProjectName(name: string): boolean {
  return NORMAL.test(name);
}

/** The name Compose derives from a directory: lowercased, other characters dropped, leading `_`/`-` trimmed. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export type ProjectNameSource = 'flag' | 'environment' | 'file' | 'directory';

export interface ProjectNameChoice {
  readonly name: string;
  readonly source: ProjectNameSource;
}

/**
 * Precedence (compose-go): `-p`, then `COMPOSE_PROJECT_NAME` (shell or
 * .env), then the top-level `name:` (the last file that sets it), then the
 * project directory's normalized base name.
 */
export function chooseProjectName(input: {
  readonly flag?: string;
  readonly environment?: string;
  readonly fromFiles?: string;
  readonly projectDirectory: string;
}): ProjectNameChoice {
  if (input.flag !== undefined && input.flag !== '') return { name: input.flag, source: 'flag' };
  if (input.environment !== undefined && input.environment !== '') return { name: input.environment, source: 'environment' };
  if (input.fromFiles !== undefined && input.fromFiles !== '') return { name: input.fromFiles, source: 'file' };
  return { name: normalizeProjectName(basename(input.projectDirectory)), source: 'directory' };
}
