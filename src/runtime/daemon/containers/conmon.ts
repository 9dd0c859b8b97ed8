import { processRunner } from '../../../base/process-runner.ts';
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
export async function startConmon(o: ConmonOptions): Promise<{ pid: number; conmonPid: number }> {
  if (o.signal?.aborted) throw conmonFailed(o.id, 'canceled while the runtime created it');
  let sync: string;
  try {
    // Through the daemon's process runner (a small helper forks it, not the daemon). conmon writes files into its
    // working directory (an `oom` marker after an OOM kill, besides the persist dir's): run it in the bundle.
    ({ sync } = await processRunner().startMonitor(o.conmonPath ?? CONMON, conmonArgs(o), { cwd: o.bundle, env: minimalEnv({ _OCI_SYNCPIPE: '3' }), timeoutMs: 60_000 }));
  } catch (error) {
    throw conmonFailed(o.id, `conmon could not be started (${(error as Error).message})`, error);
  }
  if (sync === '') throw conmonFailed(o.id, (await runtimeError(o.runtimeLog)) || 'conmon exited (or timed out) before the container was created');
  const message = parseSync(sync);
  if (message.pid <= 0) throw conmonFailed(o.id, (await runtimeError(o.runtimeLog)) || message.text || 'the runtime refused to create it');
  const conmonPid = await readPid(o.conmonPidFile).catch(() => 0);
  return { pid: message.pid, conmonPid };
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
