import { join } from 'node:path';

/** Where one stackd keeps its state and its runtime files. */
export interface DaemonPaths {
  /** The state root: images, containers, volumes, networks, runc state, the instance id, the log. */
  readonly root: string;
  /** Runtime files: the socket and the pid file. */
  readonly runDir: string;
  readonly socket: string;
  readonly pidFile: string;
  /** stackd's own log (JSON lines), and what a detached start writes before the log is open. */
  readonly logFile: string;
  readonly instanceFile: string;
}

export const DEFAULT_ROOT = '/var/lib/stack';
export const DEFAULT_RUN_DIR = '/run/stack';

/**
 * Pure: the paths for an environment. `STACK_ROOT` moves everything,
 * runtime files included (`<root>/run`), so a test run's stackd never meets
 * the host's; without it, Docker's layout (`/var/lib/stack`, `/run/stack`).
 * The socket path agrees with the runtime client's `bundledSocketPath`.
 */
export function daemonPaths(env: Readonly<Record<string, string | undefined>>): DaemonPaths {
  const root = env.STACK_ROOT && env.STACK_ROOT.trim() !== '' ? env.STACK_ROOT : DEFAULT_ROOT;
  const runDir = env.STACK_ROOT && env.STACK_ROOT.trim() !== '' ? join(root, 'run') : DEFAULT_RUN_DIR;
  return {
    root,
    runDir,
    socket: join(runDir, 'stackd.sock'),
    pidFile: join(runDir, 'stackd.pid'),
    logFile: join(root, 'stackd.log'),
    instanceFile: join(root, 'instance'),
  };
}
