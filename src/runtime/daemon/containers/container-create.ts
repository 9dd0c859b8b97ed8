import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Diagnostic } from '../../../base/index.ts';
import { StackError, isStackError } from '../../../base/index.ts';
import { computeCapabilities } from './capabilities.ts';
import { commandOf, mergeContainerConfig } from './container-config.ts';
import { containerError, invalidConfig } from './container-errors.ts';
import { initialState, type ContainerRecord } from './container-record.ts';
import { deferred } from './deferred.ts';
import type { ContainerCreateBody, ResolvedImage } from './docker-types.ts';
import { defaultEtcHosts } from './etc-files.ts';
import { parseHealthcheck } from './health.ts';
import { mkdirInRoot, resolveInRoot } from './in-root.ts';
import type { ContainerEntry, ManagerContext } from './manager-context.ts';
import { checkContainerPath, planMounts, type MountPoint } from './mount-plan.ts';
import { buildResources } from './resources.ts';
import { parseRestartPolicy } from './restart-policy.ts';
import { buildRlimits } from './rlimits.ts';
import { mountOverlay, unmountOverlay } from './rootfs.ts';
import { buildSysctls, parseSecurityOpt } from './security-defaults.ts';
import { parseSignal } from './signals.ts';

export interface CreateInput {
  readonly id: string;
  readonly name: string;
  readonly body: ContainerCreateBody;
  readonly image: ResolvedImage;
  readonly signal?: AbortSignal;
}

/**
 * Everything wrong with a create request, found before anything is made:
 * each check is run and its problem collected, so the caller hears about
 * all of them at once (one StackError, the diagnostics in its cause).
 */
export function validateCreate(body: ContainerCreateBody, image: ResolvedImage, facts: ManagerContext['facts']): { mounts: MountPoint[]; diagnostics: Diagnostic[] } {
  const host = body.HostConfig ?? {};
  const diagnostics: Diagnostic[] = [];
  let mounts: MountPoint[] = [];
  const check = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      if (!isStackError(error)) throw error;
      diagnostics.push({ code: error.code, severity: 'error', message: error.message, ...(error.hint ? { hint: error.hint } : {}) });
    }
  };
  const defaults = image.config.config ?? {};
  const config = mergeContainerConfig(body, defaults, 'x');
  check(() => {
    if (commandOf(config).length === 0) throw invalidConfig('no command specified', 'Give the container a command, or use an image with CMD or ENTRYPOINT.');
  });
  check(() => void parseRestartPolicy(host.RestartPolicy));
  check(() => void parseHealthcheck(config.Healthcheck));
  check(() => void parseSecurityOpt(host.SecurityOpt));
  check(() => void computeCapabilities({ capAdd: host.CapAdd, capDrop: host.CapDrop, privileged: host.Privileged === true, hostCapabilities: facts.capabilities }));
  check(() => void buildResources(host, facts));
  check(() => void buildRlimits(host.Ulimits, facts.rlimits));
  check(() => void buildSysctls(host.Sysctls, { privateNetwork: host.NetworkMode !== 'host', privateIpc: host.IpcMode !== 'host' }));
  check(() => void defaultEtcHosts('x', host.ExtraHosts));
  check(() => void (config.StopSignal ? parseSignal(config.StopSignal) : 0));
  check(() => void (config.WorkingDir ? checkContainerPath('working directory', config.WorkingDir) : '/'));
  check(() => {
    mounts = planMounts(body, defaults);
  });
  check(() => {
    for (const m of mounts) {
      if (m.type === 'bind' && !m.createHostPath && !existsSync(m.source)) {
        throw containerError('STK5219', 'InvalidArgument', { message: `bind source path does not exist: ${m.source}`, hint: 'Create the host path first, or use the short syntax (-v), which creates a missing directory.' });
      }
    }
  });
  check(() => {
    if (host.Init && !facts.initBinary) throw containerError('STK5220', 'FailedPrecondition', { message: 'init: true needs tini-static on the host', hint: 'Install the tini package (bash scripts/setup), or remove init: true.' });
  });
  check(() => {
    for (const [what, mode] of [['IpcMode', host.IpcMode ?? ''], ['PidMode', host.PidMode ?? '']] as const) {
      const ok = mode === '' || mode === 'host' || mode.startsWith('container:') || (what === 'IpcMode' && ['private', 'shareable', 'none'].includes(mode));
      if (!ok) throw invalidConfig(`${what} "${mode}" is not supported`, what === 'IpcMode' ? 'Use private, shareable, none, host or container:<name>.' : 'Use host or container:<name>, or leave it empty.');
    }
  });
  return { mounts, diagnostics };
}

/**
 * Makes a container: checks the request, mounts its root filesystem, creates
 * its volumes (copying the image's content into new ones, as Docker does)
 * and its working directory, then writes its record. On failure everything
 * made so far is undone, except volumes that existed before.
 */
export async function createContainer(ctx: ManagerContext, input: CreateInput): Promise<ContainerEntry> {
  const { id, body, image } = input;
  const { mounts: planned, diagnostics } = validateCreate(body, image, ctx.facts);
  if (diagnostics.length > 0) {
    const first = diagnostics[0] as Diagnostic;
    throw new StackError({
      code: first.code,
      errorClass: 'InvalidArgument',
      message: diagnostics.length === 1 ? first.message : `${diagnostics.length} problems in the container config: ${diagnostics.map((d) => d.message).join('; ')}`,
      hint: first.hint,
      resource: `container:${input.name}`,
      cause: diagnostics,
    });
  }
  const config = mergeContainerConfig(body, image.config.config ?? {}, id.slice(0, 12));
  const paths = ctx.store.paths(id);
  const createdVolumes: string[] = [];
  try {
    await mkdir(paths.persist, { recursive: true });
    await mountOverlay(id, { layerDirs: image.layerDirs, emptyLower: paths.emptyLower, upper: paths.upper, work: paths.work, target: paths.rootfs });
    const mounts: MountPoint[] = [];
    for (const mount of planned) {
      if (mount.type !== 'volume') {
        mounts.push(mount);
        continue;
      }
      const anonymous = mount.source === '';
      const existed = !anonymous && (await ctx.volumes.exists(mount.source));
      const info = await ctx.volumes.create(
        { ...(anonymous ? {} : { Name: mount.source }), ...(mount.volumeLabels ? { Labels: mount.volumeLabels } : {}), ...(mount.volumeDriverOptions ? { DriverOpts: mount.volumeDriverOptions } : {}) },
        { anonymous, signal: input.signal },
      );
      if (!existed) createdVolumes.push(info.Name);
      const resolved = { ...mount, source: info.Name };
      mounts.push(resolved);
      if (!mount.noCopy) await ctx.volumes.populate(info.Name, await resolveInRoot(paths.rootfs, mount.destination), input.signal);
    }
    if (config.WorkingDir) await mkdirInRoot(paths.rootfs, checkContainerPath('working directory', config.WorkingDir));
    const command = commandOf(config);
    const record: ContainerRecord = {
      version: 1,
      id,
      name: input.name,
      created: new Date().toISOString(),
      imageId: image.id,
      config,
      hostConfig: body.HostConfig ?? {},
      layerDirs: image.layerDirs,
      mounts,
      path: command[0] as string,
      args: command.slice(1),
      ...(body.NetworkingConfig !== undefined ? { networkingConfig: body.NetworkingConfig } : {}),
      runtime: ctx.runtime.info.name,
    };
    const state = initialState();
    await ctx.store.create(record, state);
    return { record, state, exited: deferred<number>(), removed: deferred<number>(), restartMemory: { restartCount: 0, backoffMs: 0 } };
  } catch (error) {
    await unmountOverlay(id, paths.rootfs).catch(() => undefined);
    await ctx.store.removeDir(id);
    for (const name of createdVolumes) await ctx.volumes.remove(name, { force: true }).catch(() => undefined);
    throw error;
  }
}
