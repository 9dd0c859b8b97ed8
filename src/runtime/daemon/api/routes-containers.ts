import type { ContainerCreateBody, WaitCondition } from '../containers/index.ts';
import type { Daemon } from '../daemon.ts';
import { inspectJson } from './container-json.ts';
import { listContainersJson } from './container-list.ts';
import type { Exchange } from './exchange.ts';
import { route, type Route } from './router.ts';
import { boolParam, filtersParam, intParam, invalidRequest, labelsMatch, parseJsonBody } from './wire.ts';

const C = '/containers/([^/]+)';

/** Container lifecycle: create, list, inspect, start/stop/kill/restart, pause, rename, wait, remove, prune. */
export function containerRoutes(daemon: Daemon): Route[] {
  const { containers } = daemon;
  return [
    route('POST', /^\/containers\/create$/, (x) => create(daemon, x)),
    route('GET', /^\/containers\/json$/, (x) => x.json(200, listContainersJson(daemon, x.query))),
    route('POST', /^\/containers\/prune$/, (x) => prune(daemon, x)),
    route('GET', new RegExp(`^${C}/json$`), (x, [id]) => x.json(200, inspectJson(daemon, id as string))),
    route('POST', new RegExp(`^${C}/start$`), async (x, [id]) => x.send((await containers.start(id as string, x.signal)) ? 204 : 304)),
    route('POST', new RegExp(`^${C}/stop$`), async (x, [id]) => {
      const full = containers.resolveId(id as string);
      const stopped = await containers.stop(full, { ...timeout(x), signal: x.signal });
      await daemon.networking.settled(full);
      x.send(stopped ? 204 : 304);
    }),
    route('POST', new RegExp(`^${C}/restart$`), async (x, [id]) => {
      await containers.restart(id as string, { ...timeout(x), signal: x.signal });
      x.send(204);
    }),
    route('POST', new RegExp(`^${C}/kill$`), async (x, [id]) => {
      await containers.kill(id as string, x.query.get('signal') || 'SIGKILL');
      x.send(204);
    }),
    route('POST', new RegExp(`^${C}/pause$`), async (x, [id]) => {
      await containers.pause(id as string);
      x.send(204);
    }),
    route('POST', new RegExp(`^${C}/unpause$`), async (x, [id]) => {
      await containers.unpause(id as string);
      x.send(204);
    }),
    route('POST', new RegExp(`^${C}/rename$`), async (x, [id]) => rename(daemon, x, id as string)),
    route('POST', new RegExp(`^${C}/wait$`), (x, [id]) => wait(daemon, x, id as string)),
    route('POST', new RegExp(`^${C}/update$`), (x, [id]) => {
      containers.inspect(id as string);
      x.json(200, { Warnings: ['stackd does not change the resources of an existing container; recreate it'] });
    }),
    route('DELETE', new RegExp(`^${C}$`), async (x, [id]) => {
      await daemon.removeContainer(id as string, { force: boolParam(x.query, 'force'), volumes: boolParam(x.query, 'v'), signal: x.signal });
      x.send(204);
    }),
  ];
}

function timeout(x: Exchange): { timeoutSec?: number } {
  const t = intParam(x.query, 't') ?? intParam(x.query, 'timeout');
  return t === undefined ? {} : { timeoutSec: t };
}

async function create(daemon: Daemon, x: Exchange): Promise<void> {
  const body = parseJsonBody<ContainerCreateBody>(await x.body());
  if (!body.Image) throw invalidRequest('Config.Image is required');
  const name = x.query.get('name') || undefined;
  x.json(201, await daemon.createContainer(name, body, x.signal));
}

async function rename(daemon: Daemon, x: Exchange, idOrName: string): Promise<void> {
  const name = x.query.get('name');
  if (!name) throw invalidRequest('rename needs the new name (name=...)');
  const id = daemon.containers.resolveId(idOrName);
  await daemon.containers.rename(id, name);
  await daemon.network.renameContainer(id, name).catch((error: unknown) => daemon.log('warn', 'renaming the DNS name failed', { id, error: String(error) }));
  x.send(204);
}

/** Headers now (the client registered its wait), the body at the condition; a client that leaves ends the wait. */
async function wait(daemon: Daemon, x: Exchange, idOrName: string): Promise<void> {
  const condition = (x.query.get('condition') || 'not-running') as WaitCondition;
  if (!['not-running', 'next-exit', 'removed'].includes(condition)) throw invalidRequest(`wait condition "${condition}" is not one of not-running, next-exit, removed`);
  const id = daemon.containers.resolveId(idOrName);
  const pending = daemon.containers.wait(id, { condition, signal: x.signal });
  const out = x.stream(200, { 'Content-Type': 'application/json' });
  try {
    const result = await pending;
    await daemon.networking.settled(id);
    out.end(`${JSON.stringify({ Error: result.Error ?? null, StatusCode: result.StatusCode })}\n`);
  } catch (error) {
    if (x.signal.aborted) return;
    out.end(`${JSON.stringify({ Error: { Message: error instanceof Error ? error.message : String(error) }, StatusCode: -1 })}\n`);
  }
}

async function prune(daemon: Daemon, x: Exchange): Promise<void> {
  const filters = filtersParam(x.query);
  const deleted: string[] = [];
  for (const c of daemon.containers.list({ all: true })) {
    if (c.State !== 'exited' && c.State !== 'created' && c.State !== 'dead') continue;
    if (!labelsMatch(c.Labels, filters.label)) continue;
    if ((filters['label!'] ?? []).some((f) => labelsMatch(c.Labels, [f]))) continue;
    try {
      await daemon.removeContainer(c.Id, { signal: x.signal });
      deleted.push(c.Id);
    } catch (error) {
      daemon.log('warn', 'prune could not remove a container', { id: c.Id, error: String(error) });
    }
  }
  x.json(200, { ContainersDeleted: deleted.length > 0 ? deleted : null, SpaceReclaimed: 0 });
}
