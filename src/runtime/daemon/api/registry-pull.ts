import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import type { Daemon } from '../daemon.ts';
import { familiarString, formatReference, parseReference, withDefaultTag } from '../images/index.ts';
import type { Exchange } from './exchange.ts';
import { RegistryClient, registryError, registryTarget } from './registry-client.ts';

interface Descriptor {
  readonly mediaType?: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: { readonly os?: string; readonly architecture?: string };
}

const goArch = process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : process.arch;

/**
 * `POST /images/create?fromImage=`: fetches the manifest (the linux one of
 * this host's architecture from an index), the config and the layers, each
 * checked against its digest, into a temporary OCI layout, and loads that
 * through the image store (which checks every layer against its DiffID and
 * unpacks it). Progress goes out as Docker's JSON lines once the manifest
 * is known; a failure before that is a plain error answer, as dockerd's.
 */
export async function pullImage(daemon: Daemon, x: Exchange, reference: string): Promise<void> {
  const parsed = parseReference(reference);
  if (!parsed.ok) throw registryError('InvalidArgument', `invalid reference format: ${reference}: ${parsed.reason}`, 'Use name[:tag] or name@sha256:<digest>.');
  const ref = withDefaultTag(parsed.value);
  const auth = authHeader(x.req.headers['x-registry-auth']);
  const registry = new RegistryClient(registryTarget(ref.domain, ref.path), auth);
  const wanted = ref.digest ?? (ref.tag as string);
  let manifest = await registry.manifest(wanted, x.signal);
  let document = JSON.parse(manifest.bytes.toString('utf8')) as { mediaType?: string; manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
  if (document.manifests) {
    const pick = document.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === goArch);
    if (!pick) throw registryError('NotFound', `no matching manifest for linux/${goArch} in the manifest list entries of ${reference}`, 'The image is not built for this platform.');
    manifest = await registry.manifest(pick.digest, x.signal);
    document = JSON.parse(manifest.bytes.toString('utf8')) as typeof document;
  }
  if (!document.config || !document.layers) throw registryError('InvalidArgument', `the manifest of ${reference} is not an image manifest (schema1 and artifacts are not supported)`, 'Push the image again with a current Docker or buildah (schema 2 or OCI).');
  const manifestDigest = `sha256:${createHash('sha256').update(manifest.bytes).digest('hex')}`;
  const familiar = familiarString(formatReference(ref));
  const out = x.stream(200, { 'Content-Type': 'application/json' });
  const progress = (status: string, id?: string, detail?: { current: number; total: number }): void => {
    out.write(`${JSON.stringify({ status, ...(id ? { id } : {}), ...(detail ? { progressDetail: detail } : {}) })}\n`);
  };
  await mkdir(join(daemon.paths.root, 'tmp'), { recursive: true });
  const dir = await mkdtemp(join(daemon.paths.root, 'tmp', 'pull-'));
  try {
    progress(`Pulling from ${ref.path}`, ref.tag ?? ref.digest);
    const blobs = join(dir, 'blobs', 'sha256');
    await mkdir(blobs, { recursive: true });
    await fetchBlob(registry, document.config, blobs, x.signal);
    for (const layer of document.layers) {
      const id = layer.digest.slice(7, 19);
      progress('Pulling fs layer', id);
      await fetchBlob(registry, layer, blobs, x.signal, (current) => progress('Downloading', id, { current, total: layer.size }));
      progress('Download complete', id);
    }
    const before = safeInspect(daemon, formatReference(ref));
    const loaded = await daemon.images.load(layoutArchive(dir, manifest.bytes, manifestDigest, document, formatReference(ref)), { signal: x.signal });
    for (const layer of document.layers) progress('Pull complete', layer.digest.slice(7, 19));
    const id = loaded[0]?.id ?? '';
    progress(`Digest: ${manifestDigest}`);
    progress(before === id ? `Status: Image is up to date for ${familiar}` : `Status: Downloaded newer image for ${familiar}`);
    daemon.events.emit('image', 'pull', familiar, { name: familiar });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    out.write(`${JSON.stringify({ errorDetail: { message }, error: message })}\n`);
  } finally {
    out.end();
    await rm(dir, { recursive: true, force: true });
  }
}

function safeInspect(daemon: Daemon, ref: string): string | undefined {
  try {
    return daemon.images.inspect(ref).Id;
  } catch {
    return undefined;
  }
}

/** One blob to a file named by its digest, hashed on the way; a mismatch fails the pull. */
async function fetchBlob(registry: RegistryClient, descriptor: Descriptor, dir: string, signal: AbortSignal, onProgress?: (bytes: number) => void): Promise<void> {
  const [algorithm, hex] = descriptor.digest.split(':');
  if (algorithm !== 'sha256' || !hex || !/^[0-9a-f]{64}$/.test(hex)) throw registryError('InvalidArgument', `unsupported digest ${descriptor.digest}`, 'Only sha256 content is supported.');
  const response = await registry.blob(descriptor.digest, signal);
  if (!response.body) throw registryError('Unavailable', `the registry sent no content for ${descriptor.digest}`, 'Try the pull again.');
  const hash = createHash('sha256');
  let bytes = 0;
  let last = 0;
  const body = Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]);
  body.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
    if (onProgress && bytes - last > 512 * 1024) {
      last = bytes;
      onProgress(bytes);
    }
  });
  await pipeline(body, createWriteStream(join(dir, hex)), { signal });
  const actual = hash.digest('hex');
  if (actual !== hex) throw registryError('InvalidArgument', `blob ${descriptor.digest} arrived with digest sha256:${actual}`, 'The registry or a proxy damaged the content; try again.');
}

/** The downloaded blobs as an OCI layout archive, the form the image store loads. */
function layoutArchive(dir: string, manifestBytes: Buffer, manifestDigest: string, document: { config?: Descriptor; layers?: Descriptor[]; mediaType?: string }, fullRef: string): AsyncIterable<Uint8Array> {
  const archive = pack();
  void (async () => {
    try {
      const tag = fullRef.includes('@') ? undefined : fullRef.slice(fullRef.lastIndexOf(':') + 1);
      const index = {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [{ mediaType: document.mediaType ?? 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: manifestBytes.length, annotations: { 'io.containerd.image.name': fullRef, ...(tag ? { 'org.opencontainers.image.ref.name': tag } : {}) } }],
      };
      archive.entry({ name: 'oci-layout' }, JSON.stringify({ imageLayoutVersion: '1.0.0' }));
      archive.entry({ name: 'index.json' }, JSON.stringify(index));
      archive.entry({ name: `blobs/sha256/${manifestDigest.slice(7)}` }, manifestBytes);
      for (const descriptor of [document.config as Descriptor, ...(document.layers ?? [])]) {
        const file = join(dir, 'blobs', 'sha256', descriptor.digest.slice(7));
        const size = (await stat(file)).size;
        const entry = archive.entry({ name: `blobs/sha256/${descriptor.digest.slice(7)}`, size });
        await pipeline(createReadStream(file), entry);
      }
      archive.finalize();
    } catch (error) {
      archive.destroy(error as Error);
    }
  })();
  return archive as unknown as AsyncIterable<Uint8Array>;
}

function authHeader(value: string | string[] | undefined): { username?: string; password?: string } | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  try {
    const json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { username?: string; password?: string };
    return json.username ? json : undefined;
  } catch {
    return undefined;
  }
}
