import type { ContainerSummary } from '../containers/index.ts';
import type { Daemon } from '../daemon.ts';
import { summaryJson } from './container-json.ts';
import { boolParam, filtersParam, intParam, invalidRequest, labelsMatch, type Filters } from './wire.ts';

const KNOWN = new Set(['id', 'name', 'label', 'status', 'ancestor', 'exited', 'health', 'network', 'volume', 'before', 'since', 'is-task', 'publish', 'expose']);
const STATUSES = new Set(['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']);

/**
 * `GET /containers/json`: Docker's list with its filters. Values of one key
 * are alternatives, keys must all hold; `label` is the exception (every label
 * value must match), as in dockerd.
 */
export function listContainersJson(daemon: Daemon, query: URLSearchParams): Record<string, unknown>[] {
  const filters = filtersParam(query);
  for (const key of Object.keys(filters)) if (!KNOWN.has(key)) throw invalidRequest(`invalid filter '${key}'`);
  for (const status of filters.status ?? []) if (!STATUSES.has(status)) throw invalidRequest(`invalid filter 'status=${status}'`);
  const limit = intParam(query, 'limit') ?? -1;
  const all = boolParam(query, 'all') || limit > 0 || (filters.status?.length ?? 0) > 0 || (filters.exited?.length ?? 0) > 0;
  const everything = daemon.containers.list({ all: true });
  let listed = (all ? everything : everything.filter((c) => c.State === 'running' || c.State === 'paused' || c.State === 'restarting')).filter((c) => matches(daemon, c, filters));
  listed = window(everything, listed, filters);
  if (limit > 0) listed = listed.slice(0, limit);
  return listed.map((c) => summaryJson(daemon.network, c, exposedOf(daemon, c.Id)));
}

function exposedOf(daemon: Daemon, id: string): string[] {
  return Object.keys(daemon.containers.inspect(id).Config.ExposedPorts ?? {});
}

function matches(daemon: Daemon, c: ContainerSummary, f: Filters): boolean {
  const any = (key: string, test: (value: string) => boolean): boolean => {
    const values = f[key];
    return values === undefined || values.length === 0 || values.some(test);
  };
  if (!labelsMatch(c.Labels, f.label)) return false;
  const names = c.Names;
  if (!any('id', (v) => c.Id.startsWith(v))) return false;
  if (!any('name', (v) => names.some((n) => regexMatch(v, n)))) return false;
  if (!any('status', (v) => c.State === v)) return false;
  if (!any('ancestor', (v) => c.Image === v || c.ImageID === v || c.ImageID === `sha256:${v}` || c.ImageID.startsWith(`sha256:${v}`) || withLatest(c.Image) === withLatest(v))) return false;
  if (f.exited || f.health || f.network || f.volume || f['is-task']) {
    const state = daemon.containers.state(c.Id);
    if (!any('exited', (v) => (c.State === 'exited' || c.State === 'dead') && state.exitCode === Number(v))) return false;
    if (!any('health', (v) => (state.health?.Status ?? 'none') === v)) return false;
    if (!any('is-task', (v) => v === 'false')) return false;
    if (!any('volume', (v) => c.Mounts.some((m) => m.Name === v || m.Destination === v || m.Source === v))) return false;
    if (f.network) {
      const networks = Object.entries((daemon.network.containerRecord(c.Id) ? daemon.network.networkSettings(c.Id).Networks : {}) as Record<string, { NetworkID?: string }>);
      if (!any('network', (v) => networks.some(([name, e]) => name === v || e.NetworkID === v || (e.NetworkID ?? '').startsWith(v)))) return false;
    }
  }
  return true;
}

/** `before` / `since`: containers created before or after a given one (list order is newest first). */
function window(everything: readonly ContainerSummary[], listed: ContainerSummary[], f: Filters): ContainerSummary[] {
  const find = (ref: string): ContainerSummary | undefined => everything.find((c) => c.Id === ref || c.Id.startsWith(ref) || c.Names.includes(`/${ref}`));
  let out = listed;
  for (const ref of f.before ?? []) {
    const pivot = find(ref);
    if (!pivot) throw invalidRequest(`no such container for the before filter: ${ref}`);
    out = out.filter((c) => c.Created < pivot.Created || (c.Created === pivot.Created && c.Id !== pivot.Id && everything.indexOf(c) > everything.indexOf(pivot)));
  }
  for (const ref of f.since ?? []) {
    const pivot = find(ref);
    if (!pivot) throw invalidRequest(`no such container for the since filter: ${ref}`);
    out = out.filter((c) => everything.indexOf(c) < everything.indexOf(pivot));
  }
  return out;
}

/** Docker matches name filters as regular expressions against `/name`. */
function regexMatch(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return name.includes(pattern);
  }
}

function withLatest(image: string): string {
  const slash = image.lastIndexOf('/');
  return image.slice(slash + 1).includes(':') || image.includes('@') ? image : `${image}:latest`;
}
