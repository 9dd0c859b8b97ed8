import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startConmon } from './conmon.ts';
import { recordExit, type ExitContext } from './container-exit.ts';
import { initialHealth, parseHealthcheck } from './health.ts';
import { containerError, runtimeFailed } from './container-errors.ts';
import type { NetworkInput } from './docker-types.ts';
import { containerResolvConf, defaultEtcHosts } from './etc-files.ts';
import { readHostDevices } from './host-facts.ts';
import type { ContainerEntry, ManagerContext } from './manager-context.ts';
import type { ResolvedMount, ShmSource } from './oci-mounts.ts';
import { buildOciSpec, serializeOciSpec, type NamespaceChoice } from './oci-spec.ts';
import { resolveUser } from './resolve-user.ts';
import { mountOverlay } from './rootfs.ts';
import { parseSignal, signalName } from './signals.ts';

/**
 * One run of a container: network, /etc files, the bundle's config.json,
 * then conmon (which runs `runc create`), then `runc start`. Called with
 * the container's lock held; returns the init's pid. The caller records the
 * new state.
 */
export async function startRun(ctx: ManagerContext, entry: ContainerEntry, signal?: AbortSignal): Promise<{ pid: number; conmonPid: number }> {
  const { record } = entry;
  const { id } = record;
  const paths = ctx.store.paths(id);
  const host = record.hostConfig;
  await mountOverlay(id, { layerDirs: record.layerDirs, emptyLower: paths.emptyLower, upper: paths.upper, work: paths.work, target: paths.rootfs });

  const network = await prepareNetwork(ctx, entry, signal);
  const hostname = record.config.Hostname;
  const hostNetwork = network.mode === 'host';
  const hostsText = network.etcHosts ?? (hostNetwork ? await readFile('/etc/hosts', 'utf8').catch(() => '') : defaultEtcHosts(hostname, host.ExtraHosts));
  const resolvText = network.resolvConf ?? containerResolvConf(await readFile('/etc/resolv.conf', 'utf8').catch(() => ''), hostNetwork);
  // In place (truncate + write), never rename: a running container's bind mount pins the inode.
  await writeFile(paths.hosts, hostsText);
  await writeFile(paths.resolvConf, resolvText);
  await writeFile(paths.hostname, `${network.hostname ?? hostname}\n`);

  const userMounts: ResolvedMount[] = [];
  for (const point of record.mounts) {
    if (point.type === 'bind') {
      if (!existsSync(point.source)) {
        if (!point.createHostPath) {
          throw containerError('STK5219', 'FailedPrecondition', { message: `bind source path does not exist: ${point.source}`, hint: 'Create the host path, then start the container again.', resource: `container:${record.name}` });
        }
        await mkdir(point.source, { recursive: true, mode: 0o755 });
      }
      userMounts.push({ point, host: { kind: 'path', path: point.source } });
    } else if (point.type === 'volume') {
      const source = await ctx.volumes.source(point.source);
      userMounts.push({ point: source.kind === 'host' && source.readonly ? { ...point, readonly: true } : point, host: source.kind === 'tmpfs' ? { kind: 'tmpfs', options: source.options } : { kind: 'path', path: source.path } });
    } else {
      userMounts.push({ point, host: { kind: 'tmpfs', options: point.tmpfsOptions } });
    }
  }

  const user = await resolveUser(paths.rootfs, record.config.User, host.GroupAdd ?? []);
  const stopSignal = signalName(parseSignal(record.config.StopSignal || 'SIGTERM'));
  const facts = host.Privileged && !ctx.facts.devices ? { ...ctx.facts, devices: await readHostDevices() } : ctx.facts;
  const spec = buildOciSpec({
    id,
    instanceId: ctx.instanceId,
    config: record.config,
    hostConfig: host,
    rootfs: paths.rootfs,
    user,
    hostname: network.hostname ?? hostname,
    cwd: record.config.WorkingDir || '/',
    stopSignal,
    network: network.mode === 'host' ? { kind: 'host' } : network.netnsPath ? { kind: 'path', path: network.netnsPath } : { kind: 'new' },
    pid: namespaceFor(ctx, host.PidMode ?? '', 'pid'),
    ipc: namespaceFor(ctx, host.IpcMode ?? '', 'ipc'),
    shm: shmFor(ctx, host.IpcMode ?? ''),
    etcHosts: paths.hosts,
    resolvConf: paths.resolvConf,
    etcHostname: paths.hostname,
    userMounts,
    host: facts,
  });
  await writeFile(paths.config, serializeOciSpec(spec));

  // Leftovers of the previous run: runc's stopped state, conmon's exit files, fifos and sockets.
  // (Checking runc's state directory first saves an exec of runc on every first start.)
  if (existsSync(join(ctx.runtime.stateRoot, id))) await ctx.runtime.delete(id, { force: true });
  await Promise.all(
    [join(ctx.exitDir, id), join(paths.persist, 'exit'), join(paths.persist, 'oom'), paths.ctl, join(paths.dir, 'winsz'), paths.attach, paths.pidFile, paths.runtimeLog, join(ctx.socketDir, id)].map((p) =>
      rm(p, { force: true }),
    ),
  );
  await mkdir(ctx.socketDir, { recursive: true });
  const logSizeMax = parseSize(host.LogConfig?.Config?.['max-size']);
  const started = await startConmon({
    id,
    name: record.name,
    bundle: paths.bundle,
    runtime: ctx.runtime,
    logPath: paths.log,
    ...(logSizeMax !== undefined ? { logSizeMax } : {}),
    exitDir: ctx.exitDir,
    persistDir: paths.persist,
    socketDir: ctx.socketDir,
    pidFile: paths.pidFile,
    conmonPidFile: paths.conmonPidFile,
    runtimeLog: paths.runtimeLog,
    tty: record.config.Tty,
    stdin: record.config.OpenStdin,
    leaveStdinOpen: !record.config.StdinOnce,
    ...(ctx.conmonPath ? { conmonPath: ctx.conmonPath } : {}),
    ...(signal ? { signal } : {}),
  });
  try {
    await ctx.runtime.start(id, signal);
  } catch (error) {
    await ctx.runtime.delete(id, { force: true }).catch(() => undefined);
    throw isContainerError(error) ? error : runtimeFailed(id, 'start', error);
  }
  return started;
}

/** A run the manager asked for (start, restart, policy restart): start it, record it, fire `start`, begin health checks. */
export async function runContainer(ctx: ExitContext, entry: ContainerEntry, signal?: AbortSignal): Promise<void> {
  try {
    const { pid, conmonPid } = await startRun(ctx, entry, signal);
    const probe = parseHealthcheck(entry.record.config.Healthcheck);
    await ctx.saveState(entry, {
      status: 'running',
      pid,
      conmonPid,
      exitCode: 0,
      error: '',
      oomKilled: false,
      startedAt: new Date().toISOString(),
      ...(probe ? { health: initialHealth() } : { health: undefined }),
    });
    ctx.fire(entry, 'start');
    for (const m of entry.record.mounts) {
      if (m.type === 'volume') ctx.volumes.noteMount(m.source, 'mount', { container: entry.record.id, destination: m.destination, 'read/write': String(!m.readonly), propagation: m.propagation });
    }
    if (probe) ctx.supervisor.startHealth(entry.record.id, probe);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Docker's codes for a start that failed: 127 command not found, 126 not executable, 128 anything else.
    const exitCode = /not found|no such file/i.test(message) ? 127 : /permission denied|exec format/i.test(message) ? 126 : 128;
    await ctx.saveState(entry, { status: entry.state.status === 'restarting' ? 'exited' : entry.state.status, error: message, exitCode });
    throw error;
  }
}

/** A restart the policy scheduled: only if still due (a stop or remove meanwhile cancels it). A failed start counts as another failed run. */
export async function policyRestart(ctx: ExitContext, id: string): Promise<void> {
  const entry = ctx.entries.get(id);
  if (!entry || entry.state.status !== 'restarting') return;
  try {
    await runContainer(ctx, entry);
  } catch (error) {
    await ctx.saveState(entry, { status: 'running', startedAt: new Date().toISOString() });
    await recordExit(ctx, entry, entry.state.exitCode || 128, { error: error instanceof Error ? error.message : String(error) });
  }
}

function isContainerError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && String((error as { code: unknown }).code).startsWith('STK52');
}

async function prepareNetwork(ctx: ManagerContext, entry: ContainerEntry, signal?: AbortSignal): Promise<NetworkInput> {
  const { record } = entry;
  const mode = record.hostConfig.NetworkMode ?? '';
  if (ctx.network) {
    return ctx.network.prepare({ id: record.id, name: record.name, hostname: record.config.Hostname, hostConfig: record.hostConfig, networkingConfig: record.networkingConfig }, signal);
  }
  // Without a network layer: the host's namespace, another container's, or a fresh one with only loopback.
  if (mode === 'host') return { mode: 'host' };
  if (mode.startsWith('container:')) return { mode: 'bridge', netnsPath: `/proc/${runningPid(ctx, mode.slice('container:'.length))}/ns/net` };
  return { mode: 'none' };
}

function namespaceFor(ctx: ManagerContext, mode: string, type: 'pid' | 'ipc'): NamespaceChoice {
  if (mode === 'host') return { kind: 'host' };
  if (mode.startsWith('container:')) return { kind: 'path', path: `/proc/${runningPid(ctx, mode.slice('container:'.length))}/ns/${type}` };
  return { kind: 'new' };
}

function shmFor(ctx: ManagerContext, ipcMode: string): ShmSource {
  if (ipcMode === 'none') return { kind: 'none' };
  if (ipcMode === 'host') return { kind: 'bind', path: '/dev/shm' };
  // Another container's /dev/shm is a tmpfs in its mount namespace; reach it through its init's root.
  if (ipcMode.startsWith('container:')) return { kind: 'bind', path: `/proc/${runningPid(ctx, ipcMode.slice('container:'.length))}/root/dev/shm` };
  return { kind: 'private' };
}

function runningPid(ctx: ManagerContext, idOrName: string): number {
  const target = ctx.lookup(idOrName);
  if (target.state.status !== 'running' || target.state.pid <= 0) {
    throw containerError('STK5204', 'FailedPrecondition', { message: `container ${idOrName} must be running to share its namespaces`, hint: 'Start that container first.' });
  }
  return target.state.pid;
}

/** Docker's log max-size: `10m`, `1g`, `500k`, or bytes. */
export function parseSize(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * unit);
}
