import { StackError } from '../../../base/index.ts';
import type { Daemon } from '../daemon.ts';
import { familiarString, type ImageSummary } from '../images/index.ts';
import type { Exchange } from './exchange.ts';
import { pullImage } from './registry-pull.ts';
import { route, type Route } from './router.ts';
import { boolParam, filtersParam, invalidRequest, labelsMatch } from './wire.ts';

/** Images: list, inspect, import, pull, load, save, tag, remove, prune. Image names may hold slashes. */
export function imageRoutes(daemon: Daemon): Route[] {
  const { images } = daemon;
  return [
    route('GET', /^\/images\/json$/, (x) => x.json(200, listImages(daemon, x))),
    route('POST', /^\/images\/create$/, (x) => (x.query.get('fromSrc') !== null ? importImage(daemon, x) : pull(daemon, x))),
    route('POST', /^\/images\/load$/, (x) => load(daemon, x)),
    route('GET', /^\/images\/get$/, (x) => save(daemon, x, x.query.getAll('names'))),
    route('POST', /^\/images\/prune$/, async (x) => {
      const filters = filtersParam(x.query);
      const all = (filters.dangling ?? []).some((v) => v === 'false' || v === '0');
      const report = await images.prune({ all });
      for (const r of report.ImagesDeleted) emitRemoval(daemon, r);
      x.json(200, { ImagesDeleted: report.ImagesDeleted.length > 0 ? report.ImagesDeleted : null, SpaceReclaimed: report.SpaceReclaimed });
    }),
    route('POST', /^\/build$/, () => {
      throw new StackError({ code: 'STK5314', errorClass: 'FailedPrecondition', message: 'stackd cannot build images yet', hint: 'Build the image with Docker and load it (docker save | stack image load), or import a root filesystem (stack image import).' });
    }),
    route('GET', /^\/images\/(.+)\/json$/, (x, [name]) => x.json(200, images.inspect(name as string))),
    route('GET', /^\/images\/(.+)\/get$/, (x, [name]) => save(daemon, x, [name as string])),
    route('GET', /^\/images\/(.+)\/history$/, (x, [name]) => x.json(200, history(daemon, name as string))),
    route('POST', /^\/images\/(.+)\/tag$/, async (x, [name]) => {
      const repo = x.query.get('repo');
      if (!repo) throw invalidRequest('tag needs repo=');
      const target = `${repo}:${x.query.get('tag') || 'latest'}`;
      await images.tag(name as string, target);
      daemon.events.emit('image', 'tag', images.inspect(target).Id, { name: target });
      x.send(201);
    }),
    route('DELETE', /^\/images\/(.+)$/, async (x, [name]) => {
      const removed = await images.remove(name as string, { force: boolParam(x.query, 'force'), noPrune: boolParam(x.query, 'noprune') });
      for (const r of removed) emitRemoval(daemon, r);
      x.json(200, removed);
    }),
  ];
}

function emitRemoval(daemon: Daemon, record: { readonly Untagged: string } | { readonly Deleted: string }): void {
  if ('Untagged' in record) daemon.events.emit('image', 'untag', record.Untagged, { name: record.Untagged });
  else daemon.events.emit('image', 'delete', record.Deleted, { name: record.Deleted });
}

function listImages(daemon: Daemon, x: Exchange): ImageSummary[] {
  const filters = filtersParam(x.query);
  const all = daemon.images.list();
  const counts = new Map<string, number>();
  for (const c of daemon.containers.list({ all: true })) counts.set(c.ImageID, (counts.get(c.ImageID) ?? 0) + 1);
  return all
    .filter((image) => {
      if (!labelsMatch(image.Labels, filters.label)) return false;
      const dangling = filters.dangling?.[0];
      if (dangling !== undefined && (dangling === 'true' || dangling === '1') !== (image.RepoTags.length === 0)) return false;
      const refs = filters.reference;
      if (refs && refs.length > 0 && !refs.some((r) => image.RepoTags.some((t) => referenceMatches(r, t)))) return false;
      return true;
    })
    .map((image) => ({ ...image, Containers: counts.get(image.Id) ?? 0, RepoTags: image.RepoTags.length > 0 ? image.RepoTags : ['<none>:<none>'] }));
}

/** Docker's reference filter: a pattern on the familiar name, with or without the tag (`busybox`, `busybox:*`, `stack-test/*`). */
export function referenceMatches(pattern: string, tag: string): boolean {
  const glob = (p: string): RegExp => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);
  const repo = tag.slice(0, tag.lastIndexOf(':'));
  return glob(pattern).test(tag) || glob(pattern).test(repo);
}

async function importImage(daemon: Daemon, x: Exchange): Promise<void> {
  if (x.query.get('fromSrc') !== '-') throw invalidRequest('stackd imports only from the request body (fromSrc=-), not from a URL');
  const repo = x.query.get('repo');
  const tag = x.query.get('tag');
  const ref = repo ? `${repo}${tag ? (tag.startsWith('sha256:') ? `@${tag}` : `:${tag}`) : ''}` : undefined;
  const message = x.query.get('message');
  const platform = x.query.get('platform');
  const [os = 'linux', architecture = ''] = (platform ?? '').split('/');
  const inspect = await daemon.images.importRootfs({ stream: x.bodyStream() }, ref, {
    changes: x.query.getAll('changes').flatMap((c) => c.split('\n')).filter((c) => c.trim() !== ''),
    ...(message ? { message } : {}),
    ...(platform && architecture ? { platform: { os, architecture } } : {}),
    signal: x.signal,
  });
  daemon.events.emit('image', 'import', inspect.Id, { name: ref ? familiarString(ref) : inspect.Id });
  x.json(200, { status: inspect.Id }, {});
}

async function load(daemon: Daemon, x: Exchange): Promise<void> {
  const loaded = await daemon.images.load(x.bodyStream(), { signal: x.signal });
  const lines: string[] = [];
  for (const image of loaded) {
    daemon.events.emit('image', 'load', image.id, { name: image.refs[0] ? familiarString(image.refs[0]) : image.id });
    if (image.refs.length === 0) lines.push(`Loaded image ID: ${image.id}\n`);
    for (const ref of image.refs) lines.push(`Loaded image: ${familiarString(ref)}\n`);
  }
  const out = x.stream(200, { 'Content-Type': 'application/json' });
  // quiet only silences progress bars in dockerd; the result lines are sent either way.
  for (const line of lines) out.write(`${JSON.stringify({ stream: line })}\n`);
  out.end();
}

async function save(daemon: Daemon, x: Exchange, names: readonly string[]): Promise<void> {
  if (names.length === 0) throw invalidRequest('save needs at least one image (names=...)');
  const tar = await daemon.images.save(names, { signal: x.signal });
  for (const name of names) daemon.events.emit('image', 'save', daemon.images.inspect(name).Id, { name });
  const out = x.stream(200, { 'Content-Type': 'application/x-tar' });
  x.signal.addEventListener('abort', () => tar.destroy(), { once: true });
  tar.pipe(out);
  await new Promise<void>((resolve) => {
    tar.on('end', resolve);
    tar.on('error', () => {
      out.destroy();
      resolve();
    });
    tar.on('close', resolve);
  });
}

async function pull(daemon: Daemon, x: Exchange): Promise<void> {
  const from = x.query.get('fromImage');
  if (!from) throw invalidRequest('images/create needs fromImage or fromSrc');
  const tag = x.query.get('tag');
  const ref = tag ? (tag.startsWith('sha256:') ? `${from}@${tag}` : `${from}:${tag}`) : from.includes(':') && !from.endsWith(':') ? from : `${from}:latest`;
  await pullImage(daemon, x, ref);
}

function history(daemon: Daemon, name: string): Record<string, unknown>[] {
  const image = daemon.images.inspect(name);
  return [{ Id: image.Id, Created: Math.floor(Date.parse(image.Created) / 1000) || 0, CreatedBy: image.Comment ?? '', Tags: image.RepoTags, Size: image.Size, Comment: image.Comment ?? '' }];
}
