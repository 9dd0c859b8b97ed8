import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { dockerHostState, removeDockerHostAdditions, type DockerHostState } from './dockerd-host.ts';
import { eventually } from './eventually.ts';
import { hasCommand } from './requirements.ts';
import { uniqueId } from './temp.ts';

/**
 * A real dockerd for tests, shared by every test file and every test run on
 * the host:
 *
 *   DOCKER_HOST set and answering  → use it, never stop it
 *   the shared socket answering    → reuse it
 *   neither                        → start dockerd with the paths below (root only)
 *
 * Each user holds a lease (a file naming its pid) while it runs. A daemon the
 * harness started is stopped by whichever user leaves last, so a test file
 * that finishes early never pulls the daemon from under another one still
 * running. A daemon started any other way (by hand, as the tip in the README
 * suggests) is never stopped: it is not ours.
 */
export const testDockerd = {
  dir: '/run/stack-test-dockerd',
  socketPath: '/run/stack-test-dockerd/docker.sock',
  dataRoot: '/var/lib/stack-test-dockerd',
  execRoot: '/run/stack-test-dockerd/exec',
  pidFile: '/run/stack-test-dockerd/docker.pid',
  logFile: '/run/stack-test-dockerd/dockerd.log',
  lockFile: '/run/stack-test-dockerd/harness.lock',
  /** Present only while a daemon the harness started runs: {pid}. */
  markerFile: '/run/stack-test-dockerd/harness-started.json',
  /** Docker's bridges and iptables chains on the host before the harness started its daemon (see dockerd-host.ts). */
  hostBeforeFile: '/run/stack-test-dockerd/host-before.json',
  leasesDir: '/run/stack-test-dockerd/leases',
} as const;

export type DockerdOrigin = 'DOCKER_HOST' | 'shared' | 'started';

export interface DockerdHandle extends AsyncDisposable {
  /** The unix socket to talk to, or undefined when DOCKER_HOST is a tcp address. */
  readonly socketPath: string | undefined;
  /** The same endpoint in DOCKER_HOST form (`unix:///…` or `tcp://…`). */
  readonly dockerHost: string;
  /** An environment that points a runtime client at this daemon. */
  readonly env: Readonly<Record<string, string>>;
  readonly origin: DockerdOrigin;
  dispose(): Promise<void>;
}

/**
 * Why a dockerd cannot be had here, or undefined when ensureDockerd can try.
 * For `describe.skipIf`, which runs before any hook could ping a socket.
 */
export function missingDockerd(): string | undefined {
  if (process.env.DOCKER_HOST) return undefined;
  if (existsSync(testDockerd.socketPath)) return undefined;
  const reasons: string[] = [];
  if (process.platform !== 'linux') reasons.push('needs Linux');
  if (process.getuid?.() !== 0) reasons.push('needs root to start dockerd (or set DOCKER_HOST)');
  if (!hasCommand('dockerd')) reasons.push('needs `dockerd` (docker.io; run bash scripts/setup as root)');
  return reasons.length > 0 ? reasons.join(', ') : undefined;
}

export async function ensureDockerd(options: { readonly startTimeoutMs?: number } = {}): Promise<DockerdHandle> {
  const fromEnv = process.env.DOCKER_HOST;
  if (fromEnv) {
    if (!(await pingDockerHost(fromEnv))) throw new Error(`DOCKER_HOST=${fromEnv} is set but does not answer GET /_ping`);
    return handle(fromEnv, 'DOCKER_HOST', async () => {});
  }
  mkdirSync(testDockerd.leasesDir, { recursive: true });
  const lease = join(testDockerd.leasesDir, `${process.pid}-${uniqueId(8)}`);
  const origin = await withLock(async () => {
    let found: DockerdOrigin = 'shared';
    if (!(await pingSocket(testDockerd.socketPath))) {
      await startDockerd(options.startTimeoutMs ?? 90_000);
      found = 'started';
    }
    writeFileSync(lease, String(process.pid));
    return found;
  });
  let disposed = false;
  return handle(`unix://${testDockerd.socketPath}`, origin, async () => {
    if (disposed) return;
    disposed = true;
    await withLock(async () => {
      rmSync(lease, { force: true });
      if (liveLeases().length === 0) await stopHarnessDockerd();
    });
  });
}

function handle(dockerHost: string, origin: DockerdOrigin, dispose: () => Promise<void>): DockerdHandle {
  const socketPath = dockerHost.startsWith('unix://') ? dockerHost.slice('unix://'.length) : undefined;
  return { socketPath, dockerHost, env: { DOCKER_HOST: dockerHost }, origin, dispose, [Symbol.asyncDispose]: dispose };
}

async function startDockerd(timeoutMs: number): Promise<void> {
  mkdirSync(testDockerd.execRoot, { recursive: true });
  mkdirSync(testDockerd.dataRoot, { recursive: true });
  const log = openSync(testDockerd.logFile, 'a');
  const args = [
    '--host', `unix://${testDockerd.socketPath}`,
    '--data-root', testDockerd.dataRoot,
    '--exec-root', testDockerd.execRoot,
    '--pidfile', testDockerd.pidFile,
  ];
  // What dockerd will add to the host (docker0, its chains) goes again when the harness stops it.
  if (!existsSync(testDockerd.hostBeforeFile)) writeFileSync(testDockerd.hostBeforeFile, JSON.stringify(dockerHostState()));
  // Detached: the daemon must outlive the test file that happened to start it (see leases above).
  const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `dockerd exited (${signal ?? code}) before answering`));
  child.once('error', (error) => (exited = `dockerd could not be started: ${error.message}`));
  if (child.pid !== undefined) writeFileSync(testDockerd.markerFile, JSON.stringify({ pid: child.pid, startedAt: new Date().toISOString() }));
  try {
    const failure = await eventually(
      async () => {
        if (exited) return exited;
        if (!(await pingSocket(testDockerd.socketPath))) throw new Error('no answer yet');
        return undefined;
      },
      { timeoutMs, intervalMs: 100, what: `dockerd on ${testDockerd.socketPath}` },
    );
    if (failure) throw new Error(failure);
  } catch (error) {
    if (child.pid !== undefined && !exited) signalPid(child.pid, 'SIGTERM');
    rmSync(testDockerd.markerFile, { force: true });
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- last lines of ${testDockerd.logFile} ---\n${logTail(30)}`, { cause: error });
  }
}

async function stopHarnessDockerd(): Promise<void> {
  const pid = harnessPid();
  if (pid === undefined) return;
  if (isOurDockerd(pid)) {
    signalPid(pid, 'SIGTERM');
    try {
      await eventually(() => {
        if (isAlive(pid)) throw new Error(`pid ${pid} still running`);
      }, { timeoutMs: 60_000, intervalMs: 100, what: 'dockerd to exit after SIGTERM' });
    } catch (error) {
      signalPid(pid, 'SIGKILL');
      throw error;
    }
  }
  rmSync(testDockerd.markerFile, { force: true });
  const before = readText(testDockerd.hostBeforeFile);
  if (before !== undefined) {
    removeDockerHostAdditions(JSON.parse(before) as DockerHostState);
    rmSync(testDockerd.hostBeforeFile, { force: true });
  }
}

function harnessPid(): number | undefined {
  try {
    const { pid } = JSON.parse(readFileSync(testDockerd.markerFile, 'utf8')) as { pid?: unknown };
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Guards against a recycled pid: only a dockerd serving our socket is ever signalled. */
function isOurDockerd(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return (cmdline[0] ?? '').endsWith('dockerd') && cmdline.includes(`unix://${testDockerd.socketPath}`);
  } catch {
    return false;
  }
}

function liveLeases(): string[] {
  const live: string[] = [];
  for (const name of readdirSync(testDockerd.leasesDir)) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && isAlive(pid)) live.push(name);
    else rmSync(join(testDockerd.leasesDir, name), { force: true });
  }
  return live;
}

/** A lock file held across start/stop decisions, so two test files never start two daemons. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(testDockerd.dir, { recursive: true });
  const token = `${process.pid} ${uniqueId(8)}`;
  await eventually(
    () => {
      try {
        writeFileSync(testDockerd.lockFile, token, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        breakStaleLock();
        throw new Error(`${testDockerd.lockFile} is held by another test process`);
      }
    },
    { timeoutMs: 180_000, intervalMs: 50, what: 'the dockerd harness lock' },
  );
  try {
    return await work();
  } finally {
    if (readText(testDockerd.lockFile) === token) rmSync(testDockerd.lockFile, { force: true });
  }
}

function breakStaleLock(): void {
  const holder = Number((readText(testDockerd.lockFile) ?? '').split(' ')[0]);
  let age = 0;
  try {
    age = Date.now() - statSync(testDockerd.lockFile).mtimeMs;
  } catch {
    return;
  }
  // A holder that died, or one stuck far longer than a start may take.
  if ((Number.isInteger(holder) && holder > 0 && !isAlive(holder)) || age > 300_000) rmSync(testDockerd.lockFile, { force: true });
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function logTail(lines: number): string {
  return (readText(testDockerd.logFile) ?? '(no log)').trimEnd().split('\n').slice(-lines).join('\n');
}

function pingSocket(socketPath: string): Promise<boolean> {
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return ping({ socketPath });
}

function pingDockerHost(dockerHost: string): Promise<boolean> {
  if (dockerHost.startsWith('unix://')) return pingSocket(dockerHost.slice('unix://'.length));
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return ping({ host: url.hostname, port: Number(url.port || 2375) });
}

function ping(target: { socketPath?: string; host?: string; port?: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
