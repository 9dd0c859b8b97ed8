import type { Styler } from '../base/index.ts';

/** The global flags, as `docker compose` names them. */
export interface GlobalOptions {
  /** `-f`, repeatable; `-` is stdin. Empty: discovery (COMPOSE_FILE, then the default names). */
  readonly file: readonly string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFile: readonly string[];
  readonly profile: readonly string[];
  /** `bundled` | `docker`; undefined: STACK_RUNTIME, then the platform default. */
  readonly runtime?: string;
  readonly progress: 'auto' | 'tty' | 'plain' | 'json' | 'quiet';
  readonly ansi: 'auto' | 'always' | 'never';
  /** Max parallel runtime calls; -1 is unlimited. */
  readonly parallel: number;
  readonly dryRun: boolean;
}

/** The process's standard streams (or a test's). */
export interface Streams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Where a command writes, and how. Decided once by main.ts. */
export interface Io extends Streams {
  /** Colours for stdout and stderr. */
  readonly out: Styler;
  readonly err: Styler;
}

/**
 * Everything a command receives besides its own arguments. Commands never
 * read process.env, process.cwd() or process.argv themselves: tests build a
 * context and call them directly.
 */
export interface CommandContext {
  readonly global: GlobalOptions;
  readonly io: Io;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Fires on the first Ctrl+C. */
  readonly signal: AbortSignal;
  /** Fires on the second Ctrl+C: stop waiting for graceful shutdown. */
  readonly forceSignal: AbortSignal;
}
