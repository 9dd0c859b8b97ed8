import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { ProcessResult, ProcessRunner, RunOptions } from '../../../base/process-runner.ts';
import { SPAWNER_SCRIPT } from './spawner-script.ts';

interface Pending {
  readonly resolve: (result: ProcessResult) => void;
  readonly reject: (error: Error) => void;
  readonly file: string;
  readonly cleanup: () => void;
}

const errnoNames = new Map<number, string>(Object.entries(constants.errno).map(([name, number]) => [number, name]));
const signalNames = new Map<number, NodeJS.Signals>(Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]));

function netstring(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes, Buffer.from(',')]);
}

/** The fields of one message payload (a run of netstrings). */
export function parseFields(payload: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let at = 0;
  while (at < payload.length) {
    const colon = payload.indexOf(':', at);
    if (colon < 0) throw new Error('malformed spawner message');
    const length = Number(payload.subarray(at, colon).toString('latin1'));
    fields.push(payload.subarray(colon + 1, colon + 1 + length));
    at = colon + 1 + length + 1;
  }
  return fields;
}

/**
 * Runs short-lived tools through one long-lived Perl helper (see
 * spawner-script.ts): the same results as child_process.spawn (exit code,
 * signal, stdout, stderr; an exec failure as an error with its errno code),
 * without forking stackd. The helper is started on first use and again if it
 * dies; a call in flight when it dies fails.
 */
export class Spawner implements ProcessRunner, Disposable {
  #child: ChildProcess | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #next = 1;
  readonly #pending = new Map<string, Pending>();

  run(file: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
    if (options.signal?.aborted) return Promise.reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
    const child = this.#ensure();
    const id = String(this.#next++);
    const env = Object.entries(options.env ?? { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' }).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
    const fields = ['run', id, file, options.cwd ?? '', String(options.timeoutMs ?? 0), String(args.length), ...args, String(env.length), ...env].map(netstring);
    fields.push(netstring(options.input ?? ''));
    const message = netstring(Buffer.concat(fields));
    return new Promise<ProcessResult>((resolve, reject) => {
      const onAbort = (): void => void child.stdin?.write(netstring(Buffer.concat(['kill', id, String(constants.signals.SIGKILL)].map(netstring))));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, { resolve, reject, file, cleanup: () => options.signal?.removeEventListener('abort', onAbort) });
      this.#hold(true);
      child.stdin?.write(message);
    });
  }

  startMonitor(file: string, args: readonly string[], options: Omit<RunOptions, 'input'> = {}): Promise<{ readonly sync: string }> {
    const child = this.#ensure();
    const id = String(this.#next++);
    const env = Object.entries(options.env ?? { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' }).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
    const fields = ['sync', id, file, options.cwd ?? '', String(options.timeoutMs ?? 0), String(args.length), ...args, String(env.length), ...env].map(netstring);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: (r) => resolve({ sync: r.stdout }), reject, file, cleanup: () => undefined });
      this.#hold(true);
      child.stdin?.write(netstring(Buffer.concat(fields)));
    });
  }

  #ensure(): ChildProcess {
    if (this.#child && this.#child.exitCode === null && this.#child.signalCode === null) return this.#child;
    const child = spawn('perl', ['-e', SPAWNER_SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    child.stdin?.on('error', () => undefined);
    child.stdout?.on('data', (chunk: Buffer) => this.#onData(chunk));
    child.on('exit', () => this.#failAll(new Error('the spawner helper exited')));
    child.on('error', (error) => this.#failAll(error));
    this.#child = child;
    this.#hold(false);
    this.#buffer = Buffer.alloc(0);
    return child;
  }

  /** Keeps the process alive only while calls are in flight; the helper dies with us (its stdin closes). */
  #hold(busy: boolean): void {
    const child = this.#child;
    if (!child) return;
    for (const handle of [child, child.stdin, child.stdout] as unknown as ({ ref?: () => void; unref?: () => void } | null)[]) {
      if (busy) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const colon = this.#buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.#buffer.subarray(0, colon).toString('latin1'));
      if (this.#buffer.length < colon + 1 + length + 1) return;
      const payload = this.#buffer.subarray(colon + 1, colon + 1 + length);
      this.#buffer = this.#buffer.subarray(colon + 1 + length + 1);
      const [id, kind, code, signal, stdout, stderr] = parseFields(payload).map((f, i) => (i >= 4 ? f : f.toString('utf8'))) as [string, string, string, string, Buffer, Buffer];
      const pending = this.#pending.get(id);
      if (!pending) continue;
      this.#pending.delete(id);
      pending.cleanup();
      if (kind === 'error') {
        const errno = Number(code);
        const name = errnoNames.get(errno) ?? 'EIO';
        pending.reject(Object.assign(new Error(`spawn ${pending.file} ${name}`), { code: name, errno: -errno, syscall: `spawn ${pending.file}`, path: pending.file }));
        if (this.#pending.size === 0) this.#hold(false);
        continue;
      }
      const exit = Number(code);
      pending.resolve({ code: exit < 0 ? null : exit, signal: exit < 0 ? signalNames.get(Number(signal)) ?? 'SIGKILL' : null, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8') });
    }
    if (this.#pending.size === 0) this.#hold(false);
  }

  #failAll(error: Error): void {
    this.#child = undefined;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.cleanup();
      pending.reject(error);
    }
  }

  [Symbol.dispose](): void {
    this.#child?.stdin?.end();
    this.#child = undefined;
  }
}
