import type { Diagnostic } from '../base/index.ts';
import type { LoadHost } from './host.ts';
import type { Project } from './types.ts';

/** What the CLI resolved from flags and the environment; everything the loader reads comes through here. */
export interface LoadOptions {
  /** `-f` files, in order; `-` is stdin. Empty: COMPOSE_FILE, then discovery. */
  readonly files?: readonly string[];
  /** The text of stdin, when `-` is among the files. */
  readonly stdin?: string;
  readonly projectName?: string;
  readonly projectDirectory?: string;
  /** `--env-file`, in order (a later file wins). Empty: COMPOSE_ENV_FILES, then `<project dir>/.env`. */
  readonly envFiles?: readonly string[];
  /** `--profile`. Empty: COMPOSE_PROFILES. */
  readonly profiles?: readonly string[];
  /** Services named on the command line: enabled whatever their profiles; env_file checks limited to them and their dependencies. */
  readonly services?: readonly string[];
  /** The shell environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The current directory: relative -f, --env-file and --project-directory start here. */
  readonly cwd: string;
  /** `--no-interpolate` sets false. */
  readonly interpolate?: boolean;
  /** `--no-normalize` sets false: no default network, no resource names, no implicit dependencies. */
  readonly normalize?: boolean;
  /** `--no-path-resolution` sets false: relative paths stay relative. */
  readonly resolvePaths?: boolean;
  /** `--no-consistency` sets false: no checks after the schema. */
  readonly consistency?: boolean;
  /** `--no-env-resolution` sets false: env_file and label_file are not read. */
  readonly resolveEnvironment?: boolean;
  /** Reads files; the real file system by default. */
  readonly host?: LoadHost;
}

export interface LoadResult {
  /** Present only when there is no error among the diagnostics. */
  readonly project?: Project;
  /** Errors and warnings, sorted by file and position, each reported once. */
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read (compose files, env files), by the path diagnostics use, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
}
