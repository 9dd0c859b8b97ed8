import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { isStackError } from '../../base/index.ts';
import { toImageDetails, toImageSummary } from './convert-resources.ts';
import type { DockerApi, RequestSpec } from './docker-api.ts';
import { filters } from './wire.ts';
import { imageFailure, type ImageOperation } from './image-failure.ts';
import { jsonLines } from './json-lines.ts';
import { asArray, asNumber, asRecord, asString, nonEmpty, optional } from './json-read.ts';
import { engineMessage, mapError } from './map-error.ts';
import { splitReference } from './reference.ts';
import type { BuildOptions, CallOptions, ImportOptions, ListImagesOptions, ProgressOptions, PruneImagesOptions, PullOptions, RegistryAuth, RemoveImageOptions } from './runtime-client.ts';
import type { BuildResult, ImageDetails, ImageSummary, RemovedImage } from './runtime-types.ts';

/** Image calls. pull, load, import and build stream JSON progress lines; an `error` line fails the call. */

const image = (action: string, name?: string) => ({ action, kind: 'image' as const, ...(name ? { name } : {}) });

/** Image references keep their `/` in the path, as the docker CLI sends them. */
export function imagePath(reference: string, rest = ''): string {
  return `/images/${reference.split('/').map(encodeURIComponent).join('/')}${rest}`;
}

export async function listImages(api: DockerApi, options: ListImagesOptions = {}): Promise<ImageSummary[]> {
  const raw = await api.json({
    method: 'GET',
    path: '/images/json',
    query: { filters: filters({ label: options.labels, reference: options.references, dangling: options.dangling === undefined ? undefined : [String(options.dangling)] }) },
    signal: options.signal,
    context: image('list'),
  });
  return asArray(raw).map(toImageSummary);
}

export async function inspectImage(api: DockerApi, reference: string, options: CallOptions = {}): Promise<ImageDetails> {
  return toImageDetails(await api.json({ method: 'GET', path: imagePath(reference, '/json'), signal: options.signal, context: image('inspect', reference) }));
}

export async function removeImage(api: DockerApi, reference: string, options: RemoveImageOptions = {}): Promise<RemovedImage[]> {
  const raw = await api.json({
    method: 'DELETE',
    path: imagePath(reference),
    query: { force: options.force ?? false, noprune: options.noPrune ?? false },
    signal: options.signal,
    context: image('remove', reference),
  });
  return asArray(raw).map((entry) => {
    const e = asRecord(entry);
    return { ...optional('untagged', nonEmpty(e.Untagged)), ...optional('deleted', nonEmpty(e.Deleted)) };
  });
}

/** `docker save`: one archive (docker save and OCI layout form) of the images named; consume or destroy the stream. */
export async function saveImage(api: DockerApi, references: readonly string[], options: CallOptions = {}): Promise<Readable> {
  return api.stream({ method: 'GET', path: '/images/get', query: { names: references }, signal: options.signal, context: image('save', references.join(', ')) });
}

/** Removes unused images: dangling ones, or every image no container uses with `all`. */
export async function pruneImages(api: DockerApi, options: PruneImagesOptions = {}): Promise<{ readonly removed: readonly RemovedImage[]; readonly spaceReclaimed: number }> {
  const raw = asRecord(await api.json({ method: 'POST', path: '/images/prune', query: { filters: filters({ dangling: [options.all ? 'false' : 'true'] }) }, signal: options.signal, context: image('prune') }));
  const removed = asArray(raw.ImagesDeleted).map((entry) => {
    const e = asRecord(entry);
    return { ...optional('untagged', nonEmpty(e.Untagged)), ...optional('deleted', nonEmpty(e.Deleted)) };
  });
  return { removed, spaceReclaimed: asNumber(raw.SpaceReclaimed) ?? 0 };
}

export async function tagImage(api: DockerApi, source: string, target: string, options: CallOptions = {}): Promise<void> {
  const { repository, tag } = splitReference(target);
  await api.json({ method: 'POST', path: imagePath(source, '/tag'), query: { repo: repository, tag: tag ?? 'latest' }, signal: options.signal, context: image(`tag as "${target}"`, source) });
}

export async function pullImage(api: DockerApi, reference: string, options: PullOptions = {}): Promise<{ readonly digest?: string }> {
  const { repository, tag, digest } = splitReference(reference);
  let found: string | undefined;
  await progress(api, 'pull', reference, {
    method: 'POST',
    path: '/images/create',
    query: { fromImage: repository, tag: digest ?? tag ?? 'latest', platform: options.platform },
    headers: options.auth ? { 'X-Registry-Auth': encodeAuth(options.auth) } : undefined,
    signal: options.signal,
    context: image('pull', reference),
  }, (r) => {
    const status = asString(r.status) ?? '';
    if (status.startsWith('Digest: ')) found = status.slice('Digest: '.length).trim();
    const detail = asRecord(r.progressDetail);
    options.onProgress?.({
      ...optional('layer', nonEmpty(r.id)),
      status,
      ...optional('current', asNumber(detail.current)),
      ...optional('total', asNumber(detail.total)),
    });
  });
  return found ? { digest: found } : {};
}

export async function loadImage(api: DockerApi, tar: Readable | Uint8Array, options: ProgressOptions<string> = {}): Promise<{ readonly loaded: readonly string[] }> {
  const loaded: string[] = [];
  await progress(api, 'load', undefined, {
    method: 'POST',
    path: '/images/load',
    query: { quiet: false },
    upload: tar,
    headers: { 'Content-Type': 'application/x-tar' },
    signal: options.signal,
    context: image('load'),
  }, (r) => {
    for (const line of textLines(r)) {
      const match = /^Loaded image(?: ID)?: (.+)$/.exec(line);
      if (match?.[1]) loaded.push(match[1].trim());
      options.onProgress?.(line);
    }
  });
  return { loaded };
}

export async function importImage(api: DockerApi, tar: Readable | Uint8Array, options: ImportOptions = {}): Promise<{ readonly id: string }> {
  const target = options.reference ? splitReference(options.reference) : undefined;
  let id: string | undefined;
  await progress(api, 'import', options.reference, {
    method: 'POST',
    path: '/images/create',
    query: {
      fromSrc: '-',
      repo: target?.repository,
      tag: target ? target.tag ?? 'latest' : undefined,
      changes: options.changes,
      message: options.message,
      platform: options.platform,
    },
    upload: tar,
    headers: { 'Content-Type': 'application/x-tar' },
    signal: options.signal,
    context: image('import', options.reference),
  }, (r) => {
    const status = asString(r.status) ?? '';
    if (/^sha256:[0-9a-f]{64}$/.test(status.trim())) id = status.trim();
    for (const line of textLines(r)) options.onProgress?.(line);
  });
  if (!id) throw imageFailure('import', options.reference, 'the engine did not say which image it made', undefined);
  return { id };
}

export async function buildImage(api: DockerApi, context: Readable | Uint8Array, options: BuildOptions = {}): Promise<BuildResult> {
  let id: string | undefined;
  const name = options.tags?.[0];
  await progress(api, 'build', name, {
    method: 'POST',
    path: '/build',
    query: {
      t: options.tags,
      dockerfile: options.dockerfile,
      buildargs: options.buildArgs,
      labels: options.labels,
      target: options.target,
      nocache: options.noCache,
      pull: options.pull,
      // Docker decodes cachefrom as one JSON list, but extrahosts as repeated keys.
      cachefrom: options.cacheFrom ? JSON.stringify(options.cacheFrom) : undefined,
      networkmode: options.networkMode,
      extrahosts: options.extraHosts,
      platform: options.platform,
      shmsize: options.shmSize,
      rm: true,
      forcerm: true,
    },
    upload: context,
    headers: {
      'Content-Type': 'application/x-tar',
      ...(options.auth ? { 'X-Registry-Config': Buffer.from(JSON.stringify(registryConfig(options.auth))).toString('base64') } : {}),
    },
    signal: options.signal,
    context: image('build', name),
  }, (r) => {
    const aux = asString(asRecord(r.aux).ID);
    if (aux) id = aux;
    for (const line of textLines(r)) {
      const built = /^Successfully built ([0-9a-f]{12,64})$/.exec(line);
      if (built?.[1] && !id) id = built[1];
      options.onProgress?.(line);
    }
  });
  if (!id) throw imageFailure('build', name, 'the build finished without an image id', undefined);
  return { id };
}

/** Runs a streaming image request, feeding each JSON line to `onLine`; an `error` line becomes the operation's failure. */
async function progress(api: DockerApi, operation: ImageOperation, reference: string | undefined, spec: RequestSpec, onLine: (line: Readonly<Record<string, unknown>>) => void): Promise<void> {
  let response: IncomingMessage;
  try {
    response = await api.stream(spec);
  } catch (error) {
    throw asImageFailure(operation, reference, error);
  }
  try {
    for await (const raw of jsonLines(response)) {
      const r = asRecord(raw);
      const failure = nonEmpty(asRecord(r.errorDetail).message) ?? nonEmpty(r.error);
      if (failure) throw imageFailure(operation, reference, failure, raw);
      onLine(r);
    }
  } catch (error) {
    if (isStackError(error)) throw error;
    throw mapError(error, { ...spec.context, endpoint: api.endpoint });
  } finally {
    response.destroy();
  }
}

/** HTTP-level failures keep their transport and cancel codes; what the engine said about the image becomes the operation's failure. */
function asImageFailure(operation: ImageOperation, reference: string | undefined, error: unknown): unknown {
  if (!isStackError(error) || error.errorClass === 'Canceled' || /^STK500[1-4]$/.test(error.code) || error.code === 'STK5017') return error;
  return imageFailure(operation, reference, engineMessage((error.cause ?? {}) as Parameters<typeof engineMessage>[0]), error.cause);
}

function textLines(r: Readonly<Record<string, unknown>>): string[] {
  const text = asString(r.stream) ?? (asString(r.status) ? `${asString(r.status)}${r.progress ? ` ${String(r.progress)}` : ''}` : undefined);
  if (text === undefined) return [];
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

function encodeAuth(auth: RegistryAuth): string {
  const body = { username: auth.username, password: auth.password, identitytoken: auth.identityToken, serveraddress: auth.serverAddress };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function registryConfig(auth: Readonly<Record<string, RegistryAuth>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [registry, a] of Object.entries(auth)) out[registry] = { username: a.username, password: a.password, identitytoken: a.identityToken, serveraddress: a.serverAddress ?? registry };
  return out;
}
