import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { isErrorClass } from '../../base/index.ts';
import type { ContainerCreateBody } from './container-create-body.ts';
import { toContainerDetails, toContainerSummary } from './convert-container.ts';
import { toContainerStats, toContainerTop, toPathStat } from './convert-resources.ts';
import type { DockerApi } from './docker-api.ts';
import { asArray, asNumber, asRecord, asString, asStringArray } from './json-read.ts';
import { mapError } from './map-error.ts';
import { filters, readJson, segment, unexpected } from './wire.ts';
import type {
  CallOptions, CreateContainerOptions, KillOptions, ListContainersOptions, PendingWait, PutArchiveOptions, RemoveContainerOptions, StopOptions,
  TopOptions, WaitOptions,
} from './runtime-client.ts';
import type { ContainerDetails, ContainerStats, ContainerSummary, ContainerTop, CreatedContainer, PathStat, WaitResult } from './runtime-types.ts';

/** Container calls: one engine request each, named for the RuntimeClient method they implement. */

export function containerPath(idOrName: string, rest = ''): string {
  return `/containers/${segment(idOrName)}${rest}`;
}

const container = (action: string, name: string | undefined) => ({ action, kind: 'container' as const, ...(name ? { name } : {}) });

export async function listContainers(api: DockerApi, options: ListContainersOptions = {}): Promise<ContainerSummary[]> {
  const raw = await api.json<unknown[]>({
    method: 'GET',
    path: '/containers/json',
    query: { all: options.all ?? false, filters: filters({ label: options.labels, name: options.names, id: options.ids, status: options.status }) },
    signal: options.signal,
    context: container('list', undefined),
  });
  return asArray(raw).map(toContainerSummary);
}

export async function inspectContainer(api: DockerApi, idOrName: string, options: CallOptions = {}): Promise<ContainerDetails> {
  const raw = await api.json({ method: 'GET', path: containerPath(idOrName, '/json'), signal: options.signal, context: container('inspect', idOrName) });
  return toContainerDetails(raw);
}

export async function createContainer(api: DockerApi, name: string | undefined, body: ContainerCreateBody, options: CreateContainerOptions = {}): Promise<CreatedContainer> {
  const raw = asRecord(
    await api.json({
      method: 'POST',
      path: '/containers/create',
      query: { name, platform: options.platform },
      body,
      signal: options.signal,
      context: container('create', name),
    }),
  );
  const id = asString(raw.Id);
  if (!id) throw unexpected('create container', raw);
  return { id, warnings: asStringArray(raw.Warnings) };
}

/** start, pause and friends: a POST with no body, and 304 (already so) is success for start/stop/restart. */
async function post(api: DockerApi, idOrName: string, verb: string, query: Readonly<Record<string, string | number | boolean | undefined>>, signal: AbortSignal | undefined, allowNotModified: boolean): Promise<void> {
  await api.json({ method: 'POST', path: containerPath(idOrName, `/${verb}`), query, signal, allowNotModified, context: container(verb, idOrName) });
}

export const startContainer = (api: DockerApi, id: string, o: CallOptions = {}) => post(api, id, 'start', {}, o.signal, true);
export const stopContainer = (api: DockerApi, id: string, o: StopOptions = {}) => post(api, id, 'stop', { t: o.timeoutSeconds }, o.signal, true);
export const restartContainer = (api: DockerApi, id: string, o: StopOptions = {}) => post(api, id, 'restart', { t: o.timeoutSeconds }, o.signal, true);
export const killContainer = (api: DockerApi, id: string, o: KillOptions = {}) => post(api, id, 'kill', { signal: o.killSignal }, o.signal, false);
export const pauseContainer = (api: DockerApi, id: string, o: CallOptions = {}) => post(api, id, 'pause', {}, o.signal, false);
export const unpauseContainer = (api: DockerApi, id: string, o: CallOptions = {}) => post(api, id, 'unpause', {}, o.signal, false);
export const renameContainer = (api: DockerApi, id: string, name: string, o: CallOptions = {}) => post(api, id, 'rename', { name }, o.signal, false);

export async function removeContainer(api: DockerApi, idOrName: string, options: RemoveContainerOptions = {}): Promise<void> {
  await api.json({
    method: 'DELETE',
    path: containerPath(idOrName),
    query: { force: options.force ?? false, v: options.volumes ?? false },
    signal: options.signal,
    context: container('remove', idOrName),
  });
}

/**
 * The engine answers a wait in two steps: headers at once (the wait is
 * registered), the body when the condition holds. beginWait resolves on the
 * first, `exited` on the second.
 */
export async function beginWait(api: DockerApi, idOrName: string, options: WaitOptions = {}): Promise<PendingWait> {
  const context = container('wait for', idOrName);
  const response = await api.stream({
    method: 'POST',
    path: containerPath(idOrName, '/wait'),
    query: { condition: options.condition ?? 'not-running' },
    signal: options.signal,
    context,
  });
  const exited = readJson(response).then(
    (raw) => {
      const r = asRecord(raw);
      const code = asNumber(r.StatusCode);
      if (code === undefined) throw unexpected('wait for container', raw);
      const error = asString(asRecord(r.Error).Message);
      return error ? { exitCode: code, error } : { exitCode: code };
    },
    (error: unknown) => {
      throw mapError(error, { ...context, endpoint: api.endpoint });
    },
  );
  exited.catch(() => {});
  return { exited };
}

export async function waitContainer(api: DockerApi, idOrName: string, options: WaitOptions = {}): Promise<WaitResult> {
  return (await beginWait(api, idOrName, options)).exited;
}

export async function topContainer(api: DockerApi, idOrName: string, options: TopOptions = {}): Promise<ContainerTop> {
  const raw = await api.json({ method: 'GET', path: containerPath(idOrName, '/top'), query: { ps_args: options.psArgs }, signal: options.signal, context: container('list the processes of', idOrName) });
  return toContainerTop(raw);
}

export async function containerStats(api: DockerApi, idOrName: string, options: CallOptions = {}): Promise<ContainerStats> {
  const raw = await api.json({ method: 'GET', path: containerPath(idOrName, '/stats'), query: { stream: false }, signal: options.signal, context: container('read the stats of', idOrName) });
  return toContainerStats(raw);
}

export async function statPath(api: DockerApi, idOrName: string, path: string, options: CallOptions = {}): Promise<PathStat> {
  let response: IncomingMessage;
  try {
    response = await api.stream({ method: 'HEAD', path: containerPath(idOrName, '/archive'), query: { path }, signal: options.signal, context: { action: 'stat', kind: 'path', name: path } });
  } catch (error) {
    // A HEAD 404 has no body to tell a missing container from a missing path: ask about the container.
    if (isErrorClass(error, 'NotFound')) await inspectContainer(api, idOrName, options);
    throw error;
  }
  response.resume();
  return pathStatOf(response, path);
}

export async function getArchive(api: DockerApi, idOrName: string, path: string, options: CallOptions = {}): Promise<{ readonly stat: PathStat; readonly tar: Readable }> {
  const response = await api.stream({ method: 'GET', path: containerPath(idOrName, '/archive'), query: { path }, signal: options.signal, context: { action: 'copy', kind: 'path', name: path } });
  return { stat: pathStatOf(response, path), tar: response };
}

export async function putArchive(api: DockerApi, idOrName: string, path: string, tar: Readable | Uint8Array, options: PutArchiveOptions = {}): Promise<void> {
  await api.json({
    method: 'PUT',
    path: containerPath(idOrName, '/archive'),
    query: { path, noOverwriteDirNonDir: options.noOverwriteDirNonDir, copyUIDGID: options.copyUidGid },
    upload: tar,
    headers: { 'Content-Type': 'application/x-tar' },
    signal: options.signal,
    context: { action: 'copy into', kind: 'path', name: path },
  });
}

function pathStatOf(response: IncomingMessage, path: string): PathStat {
  const stat = toPathStat(response.headers['x-docker-container-path-stat']);
  if (!stat) {
    response.destroy();
    throw unexpected(`stat ${path}`, 'no X-Docker-Container-Path-Stat header');
  }
  return stat;
}
