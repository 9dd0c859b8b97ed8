import type { DockerApi } from './docker-api.ts';
import { filters, segment } from './wire.ts';
import { toVolumeSummary } from './convert-resources.ts';
import { asArray, asRecord } from './json-read.ts';
import type { CallOptions, ForceOptions, ListFilterOptions } from './runtime-client.ts';
import type { VolumeSummary } from './runtime-types.ts';
import type { VolumeCreateBody } from './resource-create-bodies.ts';

/** Volume calls. */

const volume = (action: string, name?: string) => ({ action, kind: 'volume' as const, ...(name ? { name } : {}) });

export async function listVolumes(api: DockerApi, options: ListFilterOptions = {}): Promise<VolumeSummary[]> {
  const raw = asRecord(
    await api.json({ method: 'GET', path: '/volumes', query: { filters: filters({ label: options.labels, name: options.names }) }, signal: options.signal, context: volume('list') }),
  );
  const list = asArray(raw.Volumes).map(toVolumeSummary);
  // Docker has no id filter for volumes (the name is the id); apply it here so the option means the same everywhere.
  return options.ids && options.ids.length > 0 ? list.filter((v) => options.ids?.includes(v.name)) : list;
}

export async function inspectVolume(api: DockerApi, name: string, options: CallOptions = {}): Promise<VolumeSummary> {
  return toVolumeSummary(await api.json({ method: 'GET', path: `/volumes/${segment(name)}`, signal: options.signal, context: volume('inspect', name) }));
}

export async function createVolume(api: DockerApi, body: VolumeCreateBody, options: CallOptions = {}): Promise<VolumeSummary> {
  return toVolumeSummary(await api.json({ method: 'POST', path: '/volumes/create', body, signal: options.signal, context: volume('create', body.Name) }));
}

export async function removeVolume(api: DockerApi, name: string, options: ForceOptions = {}): Promise<void> {
  await api.json({ method: 'DELETE', path: `/volumes/${segment(name)}`, query: { force: options.force ?? false }, signal: options.signal, context: volume('remove', name) });
}
