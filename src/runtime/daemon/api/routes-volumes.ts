import type { Daemon } from '../daemon.ts';
import { volumeFilterKeys, type VolumeCreateRequest } from '../volumes/index.ts';
import { route, type Route } from './router.ts';
import { boolParam, filtersParam, invalidRequest, parseJsonBody, type Filters } from './wire.ts';

/** Volumes: create, list, inspect, remove, prune. */
export function volumeRoutes(daemon: Daemon): Route[] {
  const { volumes } = daemon;
  return [
    route('POST', /^\/volumes\/create$/, async (x) => x.json(201, await volumes.create(parseJsonBody<VolumeCreateRequest>(await x.body()), { signal: x.signal }))),
    route('GET', /^\/volumes$/, async (x) => x.json(200, { Volumes: await volumes.list(checked(filtersParam(x.query))), Warnings: null })),
    route('POST', /^\/volumes\/prune$/, async (x) => {
      const filters = checked(filtersParam(x.query), ['all']);
      const { all: allValues, ...rest } = filters;
      // API 1.41 (Docker 20.10) pruned every unused volume; 1.42+ only anonymous ones unless all=true.
      const all = allValues ? allValues.some((v) => v === 'true' || v === '1') : olderThan142(x.apiVersion);
      const report = await volumes.prune({ filters: rest, all });
      x.json(200, { VolumesDeleted: report.VolumesDeleted.length > 0 ? report.VolumesDeleted : null, SpaceReclaimed: report.SpaceReclaimed });
    }),
    route('GET', /^\/volumes\/([^/]+)$/, async (x, [name]) => x.json(200, await volumes.inspect(name as string))),
    route('DELETE', /^\/volumes\/([^/]+)$/, async (x, [name]) => {
      await volumes.remove(name as string, { force: boolParam(x.query, 'force') });
      x.send(204);
    }),
  ];
}

function checked(filters: Filters, extra: readonly string[] = []): Filters {
  for (const key of Object.keys(filters)) if (!volumeFilterKeys.includes(key) && !extra.includes(key)) throw invalidRequest(`invalid filter '${key}'`);
  return filters;
}

function olderThan142(version: string | undefined): boolean {
  if (!version) return false;
  const [major = 1, minor = 0] = version.split('.').map(Number);
  return major === 1 && minor < 42;
}
