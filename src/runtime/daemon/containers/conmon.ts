import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { conmonFailed } from './container-errors.ts';
import type { OciRuntime } from './oci-runtime-cli.ts';
import { minimalEnv } from './run-command.ts';

export const CONMON = '/usr/bin/conmon';

export interface ConmonOptions {
  readonly id: string;
  readonly name: string;
  /** The bundle: the container directory with config.json (conmon also puts its ctl/winsz fifos and the attach socket there). */
  readonly bundle: string;
  readonly runtime: OciRuntime;
  readonly logPath: string;
  /** Bytes; conmon truncates the log when it grows past it. Undefined: no limit. */
  readonly logSizeMax?: number;
  /** Shared by all containers: conmon writes `<exitDir>/<id>` with the exit status. */
  readonly exitDir: string;
  /** Per container: conmon writes `exit` and, after an OOM kill, `oom`. */
  readonly persistDir: string;
  /** conmon puts a `<id>` symlink to the bundle here and binds `<socketDir>/<id>/attach` (short path for sun_path). */
  readonly socketDir: string;
  readonly pidFile: string;
  readonly conmonPidFile: string;
  /** runc's own log, to explain a failed create. */
  readonly runtimeLog: string;
  readonly tty: boolean;
  readonly stdin: boolean;
  /** Keep the container's stdin open when an attached client goes away (Docker's StdinOnce=false). */
  readonly leaveStdinOpen: boolean;
  readonly conmonPath?: string;
  readonly signal?: AbortSignal;
}

/** The arguments of one conmon: one per container start, detached from us so the container outlives the daemon. */
export function conmonArgs(o: ConmonOptions): string[] {
  const args = [
    '--api-version', '1',
    '-c', o.id,
    '-u', o.id,
    '-n', o.name,
    '-r', o.runtime.info.path,
    '-b', o.bundle,
    '-p', o.pidFile,
    '-P', o.conmonPidFile,
    '-l', `k8s-file:${o.logPath}`,
    '--exit-dir', o.exitDir,
    '-0', o.persistDir,
    '--socket-dir-path', o.socketDir,
    '--log-level', 'error',
  ];
  if (o.logSizeMax !== undefined && o.logSizeMax > 0) args.push('--log-size-max', String(o.logSizeMax));
  for (const arg of [...o.runtime.globalArgs, `--log=${o.runtimeLog}`, '--log-format=json']) args.push('--runtime-arg', arg);
  if (o.tty) args.push('-t');
  if (o.stdin) args.push('-i');
  if (o.stdin && o.leaveStdinOpen) args.push('--leave-stdin-open');
  return args;
}

/**
 * Starts conmon for a container and waits until `runc create` has finished:
 * conmon's parent returns at once (it double-forks), so we read its sync
 * pipe (`_OCI_SYNCPIPE`), where it writes `{"data": <pid>}` once the
 * container exists, or a negative value and a message when create failed.
 * conmon runs in its own session with /dev/null for stdio and PATH only,
 * so nothing ties it to this process: the daemon can die, the container and
 * its log carry on, and a later daemon re-adopts it from the pid and exit files.
 */
export function startConmon(o: ConmonOptions): Promise<{ pid: number; conmonPid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.conmonPath ?? CONMON, conmonArgs(o), {
      // conmon writes files into its working directory (an `oom` marker after an OOM kill, besides
      // the persist dir's): run it in the bundle, never wherever the daemon happens to be.
      cwd: o.bundle,
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      env: minimalEnv({ _OCI_SYNCPIPE: '3' }),
    });
    const sync = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void };
    let buffer = '';
    let settled = false;
    const finish = (error: Error | undefined, pid?: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      sync.destroy();
      child.unref();
      if (error) {
        reject(error);
        return;
      }
      readPid(o.conmonPidFile).then(
        (conmonPid) => resolve({ pid: pid as number, conmonPid }),
        () => resolve({ pid: pid as number, conmonPid: 0 }),
      );
    };
    const onAbort = (): void => finish(conmonFailed(o.id, 'canceled while the runtime created it'));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => finish(conmonFailed(o.id, 'the runtime did not create the container within 60 s')), 60_000);
    child.on('error', (error) => finish(conmonFailed(o.id, `conmon could not be started (${error.message})`, error)));
    sync.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      const message = parseSync(buffer.slice(0, newline));
      if (message.pid > 0) {
        finish(undefined, message.pid);
        return;
      }
      void runtimeError(o.runtimeLog).then((logged) => finish(conmonFailed(o.id, logged || message.text || 'the runtime refused to create it')));
    });
    sync.on('end', () => {
      if (settled) return;
      void runtimeError(o.runtimeLog).then((logged) => finish(conmonFailed(o.id, logged || 'conmon exited before the container was created')));
    });
  });
}

function parseSync(line: string): { pid: number; text: string } {
  try {
    const parsed = JSON.parse(line) as { data?: number; message?: string };
    return { pid: parsed.data ?? -1, text: parsed.message ?? '' };
  } catch {
    return { pid: -1, text: line };
  }
}

/** The last error runc logged (JSON lines: {"level":"error","msg":...}), cleaned of runc's nesting prefixes. */
export async function runtimeError(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return '';
  }
  const errors = text
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line) as { level?: string; msg?: string };
      } catch {
        return undefined;
      }
    })
    .filter((e): e is { level?: string; msg?: string } => e !== undefined && e.level === 'error' && typeof e.msg === 'string');
  const last = errors.at(-1)?.msg ?? '';
  return last.replace(/^(runc (create|run|exec) failed: )?(unable to start container process: )?/, '');
}

export async function readPid(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in ${path}`);
  return pid;
}
