import { spawn } from 'node:child_process';

/**
 * How stackd's parts run short-lived tools (ip, mount, runc state/start/kill/
 * delete): one door, so the daemon can route them all through a helper that
 * forks cheaply (src/runtime/daemon/spawner) instead of forking itself. The
 * default runs them with child_process.spawn; results are the same either
 * way: exit code or signal, stdout, stderr, and an exec failure as an error
 * with its errno code (ENOENT...).
 */
export interface RunOptions {
  readonly input?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Killed (SIGKILL) after this long. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessRunner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<ProcessResult>;
  /**
   * Starts a monitor that outlives us (conmon): its own session, /dev/null
   * for stdio, a pipe on fd 3. Resolves with the first line it writes there
   * ('' when it closes the pipe first, or when `timeoutMs` passes).
   */
  startMonitor(file: string, args: readonly string[], options?: Omit<RunOptions, 'input'>): Promise<{ readonly sync: string }>;
}

export const directRunner: ProcessRunner = {
  run: (file, args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(file, [...args], {
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        env: (options.env ?? { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' }) as NodeJS.ProcessEnv,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout?.on('data', (d: Buffer) => out.push(d));
      child.stderr?.on('data', (d: Buffer) => err.push(d));
      child.stdin?.on('error', () => undefined);
      if (options.input !== undefined) child.stdin?.end(options.input);
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    }),
  startMonitor: (file, args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(file, [...args], {
        detached: true,
        stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
        env: (options.env ?? { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' }) as NodeJS.ProcessEnv,
        ...(options.cwd ? { cwd: options.cwd } : {}),
      });
      const pipe = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void };
      let text = '';
      let done = false;
      const finish = (line: string): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        pipe.destroy();
        child.unref();
        resolve({ sync: line });
      };
      const timer = options.timeoutMs ? setTimeout(() => finish(''), options.timeoutMs) : undefined;
      child.on('error', (error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(error);
      });
      pipe.on('data', (chunk: Buffer | string) => {
        text += chunk.toString();
        const newline = text.indexOf('\n');
        if (newline >= 0) finish(text.slice(0, newline));
      });
      pipe.on('end', () => finish(text));
    }),
};

let current: ProcessRunner = directRunner;

export function processRunner(): ProcessRunner {
  return current;
}

/** stackd sets its spawner here at startup; tests and the CLI keep the direct runner. */
export function setProcessRunner(runner: ProcessRunner): void {
  current = runner;
}
