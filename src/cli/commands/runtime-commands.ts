import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiRequest, daemonPaths, ensureStackd, getJson, pingSocket, readDaemonPid, stopStackd, type DaemonPaths } from '../../runtime/daemon/control/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { usageError } from '../usage-error.ts';
import { VERSION } from '../version.ts';

/** `stack runtime start`: idempotent; says whether it started one or found one running. */
export const runRuntimeStart: CommandRun = async (ctx, _args, options) => {
  const timeoutMs = seconds(options.timeout, '--timeout') * 1000;
  const result = await ensureStackd(ctx.env, { timeoutMs, signal: ctx.signal });
  const s = ctx.io.out;
  ctx.io.stdout.write(`${s.green('✔')} stackd ${result.started ? 'started' : 'already running'} (pid ${result.pid ?? '?'}) on ${result.paths.socket}\n`);
  return ExitCode.Ok;
};

/**
 * `stack runtime stop`: containers keep running (conmon holds them; the next
 * stackd re-adopts them) unless `--all` stops them first. With nothing
 * running, stackd removes its bridges, namespaces and chains as it exits.
 */
export const runRuntimeStop: CommandRun = async (ctx, _args, options) => {
  const paths = daemonPaths(ctx.env);
  const s = ctx.io.out;
  if (options.all === true && (await pingSocket(paths.socket))) {
    const grace = seconds(options.timeout, '--timeout');
    const running = (await getJson(paths.socket, '/containers/json')) as { Id: string; Names: string[] }[];
    await Promise.all(
      running.map(async (c) => {
        const answer = await apiRequest(paths.socket, 'POST', `/containers/${c.Id}/stop?t=${grace}`, (grace + 30) * 1000);
        if (answer.status >= 400) ctx.io.stderr.write(`stack: could not stop ${c.Names[0]?.slice(1) ?? c.Id.slice(0, 12)}: ${answer.body.trim()}\n`);
      }),
    );
    if (running.length > 0) ctx.io.stdout.write(`${s.green('✔')} stopped ${running.length} container${running.length === 1 ? '' : 's'}\n`);
  }
  const still = (await pingSocket(paths.socket)) ? ((await getJson(paths.socket, '/containers/json').catch(() => [])) as unknown[]).length : 0;
  const result = await stopStackd(ctx.env);
  if (result.pid === undefined) {
    ctx.io.stdout.write(`stackd is not running (${paths.root})\n`);
    return ExitCode.Ok;
  }
  const kept = still > 0 ? `; ${still} container${still === 1 ? '' : 's'} keep running (\`stack runtime stop --all\` stops them)` : '';
  ctx.io.stdout.write(`${s.green('✔')} stackd stopped (pid ${result.pid})${kept}\n`);
  return ExitCode.Ok;
};

/** `stack runtime status`: exit 0 when it answers, 1 when it does not. */
export const runRuntimeStatus: CommandRun = async (ctx) => {
  const paths = daemonPaths(ctx.env);
  const pid = await readDaemonPid(paths.pidFile);
  if (await pingSocket(paths.socket)) {
    ctx.io.stdout.write(`stackd is running (pid ${pid ?? '?'}) on ${paths.socket}, state in ${paths.root}\n`);
    return ExitCode.Ok;
  }
  ctx.io.stdout.write(pid !== undefined ? `stackd (pid ${pid}) is not answering on ${paths.socket}; see ${paths.logFile}\n` : `stackd is not running (state root ${paths.root})\n`);
  return ExitCode.Failure;
};

export interface RuntimeInfo {
  readonly running: boolean;
  readonly socket: string;
  readonly root: string;
  readonly runDir: string;
  readonly logFile: string;
  readonly pid: number | null;
  readonly instance: string | null;
  readonly ociRuntime: { readonly name: string; readonly version: string; readonly path: string } | null;
  readonly version: string;
  readonly apiVersion: string | null;
  readonly containers: { readonly total: number; readonly running: number } | null;
  readonly images: number | null;
}

/** `stack runtime info`: what is known about this environment's stackd, running or not. */
export const runRuntimeInfo: CommandRun = async (ctx, _args, options) => {
  const info = await runtimeInfo(daemonPaths(ctx.env));
  if (options.format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const row = (k: string, v: unknown): string => `${`${k}:`.padEnd(14)} ${v ?? '-'}\n`;
  ctx.io.stdout.write(
    [
      row('status', info.running ? 'running' : 'not running'),
      row('pid', info.pid),
      row('socket', info.socket),
      row('root', info.root),
      row('log', info.logFile),
      row('instance', info.instance),
      row('oci runtime', info.ociRuntime ? `${info.ociRuntime.name} ${info.ociRuntime.version} (${info.ociRuntime.path})` : null),
      row('version', info.version),
      row('api version', info.apiVersion),
      row('containers', info.containers ? `${info.containers.total} (${info.containers.running} running)` : null),
      row('images', info.images),
    ].join(''),
  );
  return ExitCode.Ok;
};

export async function runtimeInfo(paths: DaemonPaths): Promise<RuntimeInfo> {
  const base = { socket: paths.socket, root: paths.root, runDir: paths.runDir, logFile: paths.logFile };
  const instance = (await readFile(paths.instanceFile, 'utf8').catch(() => '')).trim() || null;
  if (await pingSocket(paths.socket)) {
    const [version, info] = (await Promise.all([getJson(paths.socket, '/version'), getJson(paths.socket, '/info')])) as [Record<string, unknown>, Record<string, unknown>];
    const components = (version.Components ?? []) as { Name: string; Version: string; Details?: { Path?: string } }[];
    const oci = components.find((c) => c.Name !== 'Engine');
    return {
      running: true,
      ...base,
      pid: (await readDaemonPid(paths.pidFile)) ?? null,
      instance,
      ociRuntime: oci ? { name: oci.Name, version: oci.Version, path: oci.Details?.Path ?? '' } : null,
      version: String(version.Version ?? ''),
      apiVersion: String(version.ApiVersion ?? ''),
      containers: { total: Number(info.Containers ?? 0), running: Number(info.ContainersRunning ?? 0) },
      images: Number(info.Images ?? 0),
    };
  }
  return { running: false, ...base, pid: null, instance, ociRuntime: await cachedRuntime(paths.root), version: VERSION, apiVersion: null, containers: null, images: null };
}

/** The OCI runtime the last stackd chose, from its probe verdicts (`<root>/oci-runtime.json`). */
async function cachedRuntime(root: string): Promise<RuntimeInfo['ociRuntime']> {
  try {
    const file = JSON.parse(await readFile(join(root, 'oci-runtime.json'), 'utf8')) as { verdicts?: Record<string, { name: string; version: string; path: string; works: boolean }> };
    const working = Object.values(file.verdicts ?? {}).find((v) => v.works);
    return working ? { name: working.name, version: working.version, path: working.path } : null;
  } catch {
    return null;
  }
}

function seconds(value: unknown, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw usageError('STK7003', `${flag} "${String(value)}" is not a number of seconds`, 'give a whole number, like 10');
  return n;
}

