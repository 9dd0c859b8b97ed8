import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { StackError, canceledError } from '../../../base/index.ts';
import { locateStackd } from './locate.ts';
import { daemonPaths, type DaemonPaths } from './paths.ts';
import { readDaemonPid } from './pid-file.ts';
import { pingSocket } from './ping.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** The variables stackd reads; everything else of the caller's environment stays out (NODE_OPTIONS, NODE_EXTRA_CA_CERTS slow its start). */
const PASSED = ['PATH', 'STACK_ROOT', 'STACK_SUBNET_POOL', 'STACK_DNS_UPSTREAMS', 'STACK_LOG_LEVEL', 'TZ', 'LANG'];

/**
 * Node flags for stackd: a young generation of 1 MB per semi-space (V8's
 * default grows to 16 MB). stackd allocates little and keeps less; with it,
 * its resident memory with 50 containers settles near 64 MB instead of 80+.
 */
export const STACKD_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/** Why the bundled runtime cannot run for this process, as an error pointing at Docker; undefined when it can. */
export function bundledRuntimeUnsupported(platform: string = process.platform, uid: number | undefined = process.getuid?.()): StackError | undefined {
  if (platform !== 'linux') {
    return new StackError({ code: 'STK5305', errorClass: 'FailedPrecondition', message: `the bundled runtime (stackd) needs Linux; this host is ${platform}`, hint: 'Use a Docker Engine: --runtime docker (or STACK_RUNTIME=docker), with DOCKER_HOST or the default socket.' });
  }
  if (uid !== 0) {
    return new StackError({ code: 'STK5304', errorClass: 'PermissionDenied', message: 'the bundled runtime (stackd) runs containers as root, and this user is not root', hint: 'Run stack as root (sudo), or use a Docker Engine: --runtime docker (or STACK_RUNTIME=docker).' });
  }
  return undefined;
}

export interface StartResult {
  readonly paths: DaemonPaths;
  readonly pid: number | undefined;
  /** False when a stackd was already answering. */
  readonly started: boolean;
}

/**
 * Makes sure a stackd answers on this environment's socket: if none does,
 * starts one detached (its own session, output appended to its log, a
 * minimal environment) and waits until it answers. A stackd that another
 * process started meanwhile is fine. On failure the error carries the end of
 * the log.
 */
export async function ensureStackd(env: Env, options: { readonly timeoutMs?: number; readonly signal?: AbortSignal; readonly script?: string } = {}): Promise<StartResult> {
  const unsupported = bundledRuntimeUnsupported();
  if (unsupported) throw unsupported;
  const paths = daemonPaths(env);
  if (await pingSocket(paths.socket, 1_000)) return { paths, pid: await readDaemonPid(paths.pidFile), started: false };
  const script = options.script ?? locateStackd(env);
  try {
    await mkdir(paths.root, { recursive: true, mode: 0o711 });
  } catch (error) {
    throw new StackError({ code: 'STK5308', errorClass: 'FailedPrecondition', message: `cannot create the state root ${paths.root}: ${(error as Error).message}`, hint: 'Set STACK_ROOT to a directory root can write.', cause: error });
  }
  const logOffset = await fileSize(paths.logFile);
  const out = openSync(paths.logFile, 'a', 0o600);
  const childEnv: Record<string, string> = {};
  for (const key of PASSED) if (env[key] !== undefined) childEnv[key] = env[key] as string;
  childEnv.PATH ??= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const child = spawn(process.execPath, [...STACKD_NODE_FLAGS, script], { detached: true, stdio: ['ignore', out, out], env: childEnv });
  closeSync(out);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `exit status ${code}`));
  child.once('error', (error) => (exited = error.message));
  child.unref();

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (options.signal?.aborted) throw canceledError('runtime:stackd');
    if (await pingSocket(paths.socket, 1_000)) return { paths, pid: await readDaemonPid(paths.pidFile), started: true };
    if (exited !== undefined || Date.now() > deadline) {
      // Another stackd may have won a race to start: it answers, ours has left.
      if (await pingSocket(paths.socket, 1_000)) return { paths, pid: await readDaemonPid(paths.pidFile), started: false };
      const log = await logTail(paths.logFile, logOffset);
      if (exited === undefined && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      throw new StackError({
        code: 'STK5303',
        errorClass: exited === undefined ? 'Timeout' : 'Unavailable',
        message: `stackd ${exited === undefined ? `did not answer on ${paths.socket} within ${options.timeoutMs ?? 30_000} ms` : `exited (${exited}) before answering`}${log ? `; the end of ${paths.logFile}:\n${log}` : ''}`,
        hint: `Read ${paths.logFile}; run \`node ${script} --foreground\` as root to watch it start, or use --runtime docker.`,
        resource: 'runtime:stackd',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await readFile(path)).length;
  } catch {
    return 0;
  }
}

/** The last lines written to the log since `offset`, JSON records shown as `level message`. */
async function logTail(path: string, offset: number): Promise<string> {
  const text = (await readFile(path).catch(() => Buffer.alloc(0))).subarray(offset).toString('utf8');
  return text
    .trimEnd()
    .split('\n')
    .slice(-12)
    .map((line) => {
      try {
        const record = JSON.parse(line) as { level?: string; msg?: string; error?: string };
        return `  ${record.level ?? ''} ${record.msg ?? line}${record.error ? `: ${record.error}` : ''}`;
      } catch {
        return `  ${line}`;
      }
    })
    .join('\n');
}
