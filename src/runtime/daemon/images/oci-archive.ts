import { digestHex } from './digest.ts';
import type { ArchiveImage, StagedArchive, StagedFile } from './archive-stage.ts';
import { archiveInvalid, digestMismatch, invalidReference, unsupportedMediaType } from './image-errors.ts';
import { goArch } from './platform.ts';
import { isConfigMediaType, layerCompression } from './media-types.ts';
import { type Descriptor, IMAGE_NAME_ANNOTATION, type ImageManifest, REF_NAME_ANNOTATION, parseIndex, parseManifestOrIndex } from './oci-types.ts';
import { normalizeReference } from './reference.ts';

/**
 * The images of an OCI image layout archive (`oci-layout`, `index.json`,
 * `blobs/sha256/..`), as skopeo, buildah, containerd and docker 25+ write
 * them. Multi-platform indexes resolve to the host's linux platform.
 */
export async function readOciArchive(staged: StagedArchive): Promise<ArchiveImage[]> {
  if (staged.has('oci-layout')) {
    const layout = JSON.parse((await staged.readSmall('oci-layout')).toString('utf8') || '{}') as { imageLayoutVersion?: unknown };
    if (typeof layout.imageLayoutVersion !== 'string') throw archiveInvalid('oci-layout has no imageLayoutVersion');
  }
  const index = parseIndex(await staged.readSmall('index.json'), 'index.json');
  const byManifest = new Map<string, { manifest: ImageManifest; file: StagedFile; mediaType: string; refs: Set<string> }>();
  for (const descriptor of index.manifests) {
    const found = await resolveManifest(staged, descriptor, 0);
    let entry = byManifest.get(found.file.digest);
    if (!entry) {
      entry = { ...found, refs: new Set() };
      byManifest.set(found.file.digest, entry);
    }
    const ref = refOfDescriptor(descriptor);
    if (ref !== undefined) entry.refs.add(ref);
  }
  const images: ArchiveImage[] = [];
  for (const { manifest, file, mediaType, refs } of byManifest.values()) {
    if (!isConfigMediaType(manifest.config.mediaType)) throw unsupportedMediaType(`config of manifest ${file.digest}`, manifest.config.mediaType, 'this manifest is not a container image (an artifact?)');
    images.push({
      config: blobFile(staged, manifest.config),
      layers: manifest.layers.map((layer) => {
        if (layerCompression(layer.mediaType) === undefined) throw unsupportedMediaType(`layer ${layer.digest}`, layer.mediaType);
        return { file: blobFile(staged, layer, true), mediaType: layer.mediaType };
      }),
      manifest: { file, mediaType },
      refs: [...refs].sort(),
    });
  }
  return images;
}

/** Finds a manifest's blob in an OCI archive, when it is there and matches (docker 25+ archives carry both forms). */
export async function findOciManifest(staged: StagedArchive, configDigest: string): Promise<{ manifest: ImageManifest; file: StagedFile; mediaType: string } | undefined> {
  if (!staged.has('index.json')) return undefined;
  try {
    const index = parseIndex(await staged.readSmall('index.json'), 'index.json');
    for (const descriptor of index.manifests) {
      const found = await resolveManifest(staged, descriptor, 0);
      if (found.manifest.config.digest === configDigest) return found;
    }
  } catch {
    // The OCI side of a docker archive is only a better source of the manifest; manifest.json is authoritative.
  }
  return undefined;
}

async function resolveManifest(staged: StagedArchive, descriptor: Descriptor, depth: number): Promise<{ manifest: ImageManifest; file: StagedFile; mediaType: string }> {
  if (depth > 4) throw archiveInvalid('image indexes nested too deep');
  const file = blobFile(staged, descriptor);
  const parsed = parseManifestOrIndex(await staged.readSmall(file.name), `manifest ${descriptor.digest}`);
  if (parsed.kind === 'manifest') return { manifest: parsed.manifest, file, mediaType: parsed.manifest.mediaType ?? descriptor.mediaType };
  return resolveManifest(staged, choosePlatform(parsed.index.manifests, descriptor.digest), depth + 1);
}

function choosePlatform(manifests: readonly Descriptor[], what: string): Descriptor {
  const arch = goArch(process.arch);
  const images = manifests.filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest');
  const match = images.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch);
  if (match) return match;
  if (images.length === 1) return images[0]!;
  throw unsupportedMediaType(`index ${what}`, `no linux/${arch} image`, `the archive holds images for other platforms only`);
}

/** The archive member of a descriptor, checked against its digest and size. */
function blobFile(staged: StagedArchive, descriptor: Descriptor, layer = false): StagedFile {
  const name = `blobs/sha256/${digestHex(descriptor.digest)}`;
  const file = staged.get(name);
  if (!file) {
    if (layer && (descriptor.urls?.length ?? 0) > 0) throw unsupportedMediaType(`layer ${descriptor.digest}`, descriptor.mediaType, 'foreign layers (content only at a URL) cannot be loaded offline');
    throw archiveInvalid(`${name} is missing from the archive`);
  }
  if (file.digest !== descriptor.digest) throw digestMismatch(name, descriptor.digest, file.digest);
  if (file.size !== descriptor.size) throw archiveInvalid(`${name} is ${file.size} bytes, its descriptor says ${descriptor.size}`);
  return file;
}

/**
 * The image name of an index entry: containerd's full-name annotation, else
 * `ref.name` when it is a full reference (skopeo writes `name:tag`); a bare
 * tag (`latest`) names no repository, so the image loads untagged.
 */
function refOfDescriptor(descriptor: Descriptor): string | undefined {
  const full = descriptor.annotations?.[IMAGE_NAME_ANNOTATION];
  const refName = descriptor.annotations?.[REF_NAME_ANNOTATION];
  const text = full ?? (refName !== undefined && /[/:]/.test(refName) ? refName : undefined);
  if (text === undefined) return undefined;
  const normalized = normalizeReference(text);
  if (!normalized.ok) throw invalidReference(text, normalized.reason);
  return normalized.value;
}
