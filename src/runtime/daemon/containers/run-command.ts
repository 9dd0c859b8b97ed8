import { spawn } from 'node:child_process';

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
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: options.env ?? minimalEnv(),
      signal: options.signal,
      timeout: options.timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
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
