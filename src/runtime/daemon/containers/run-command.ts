import { processRunner } from '../../../base/process-runner.ts';

export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a short-lived tool (runc state/start/kill/delete, mount, ps) and
 * collects its output. Never for commands that hand our pipes to a
 * long-lived process (`runc create`): those would keep the pipes open and
 * this would wait until the container exits.
 */
export function runCommand(file: string, args: readonly string[], options: { signal?: AbortSignal; timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CommandResult> {
  // Through the daemon's process runner: stackd forks these from a small helper, not from itself (src/base/process-runner.ts).
  return processRunner().run(file, args, {
    env: options.env ?? minimalEnv(),
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/**
 * The environment for the tools and monitors we start: PATH only. Inheriting
 * ours would leak the daemon's variables into conmon (and from there into
 * hooks) and, with NODE_EXTRA_CA_CERTS and the like, slow any Node child down.
 */
export function minimalEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...extra };
}
