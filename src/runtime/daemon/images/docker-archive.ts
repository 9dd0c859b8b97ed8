import type { ArchiveImage, StagedArchive } from './archive-stage.ts';
import { archiveInvalid, invalidReference, unsupportedMediaType } from './image-errors.ts';
import { ociLayerMediaType } from './media-types.ts';
import { findOciManifest } from './oci-archive.ts';
import { normalizeReference } from './reference.ts';

interface ManifestJsonEntry {
  readonly Config?: unknown;
  readonly RepoTags?: unknown;
  readonly Layers?: unknown;
}

/**
 * The images of a `docker save` archive: `manifest.json` lists each image's
 * config file, its tags and its layer files, in the legacy layout
 * (`<id>/layer.tar`, `<hex>.json`) and in docker 25+'s (`blobs/sha256/..`
 * beside an OCI index). Layers may be plain or gzip tars; when the archive
 * also holds the OCI manifest of an image, that manifest is kept as it is.
 */
export async function readDockerArchive(staged: StagedArchive): Promise<ArchiveImage[]> {
  let entries: unknown;
  try {
    entries = JSON.parse((await staged.readSmall('manifest.json')).toString('utf8'));
  } catch (error) {
    throw archiveInvalid('manifest.json is not valid JSON', error);
  }
  if (!Array.isArray(entries)) throw archiveInvalid('manifest.json is not a list of images');
  const images: ArchiveImage[] = [];
  for (const [i, raw] of (entries as ManifestJsonEntry[]).entries()) {
    if (typeof raw?.Config !== 'string' || !Array.isArray(raw.Layers) || !raw.Layers.every((l) => typeof l === 'string')) throw archiveInvalid(`manifest.json entry ${i} needs Config and Layers`);
    const config = staged.get(raw.Config);
    if (!config) throw archiveInvalid(`${raw.Config} is missing from the archive`);
    const layers = (raw.Layers as string[]).map((name) => {
      const file = staged.get(name);
      if (!file) throw archiveInvalid(`${name} is missing from the archive`);
      if (file.compression === 'zstd') throw unsupportedMediaType(`layer ${name}`, 'tar+zstd', 'zstd layers need Node 22; save the image with gzip or uncompressed layers');
      return { file, mediaType: ociLayerMediaType(file.compression) };
    });
    const tags = raw.RepoTags === null || raw.RepoTags === undefined ? [] : raw.RepoTags;
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw archiveInvalid(`manifest.json entry ${i} has bad RepoTags`);
    const refs = (tags as string[]).map((tag) => {
      const normalized = normalizeReference(tag);
      if (!normalized.ok) throw invalidReference(tag, normalized.reason);
      return normalized.value;
    });
    const oci = await findOciManifest(staged, config.digest);
    const sameLayers = oci !== undefined && oci.manifest.layers.length === layers.length && oci.manifest.layers.every((l, n) => l.digest === layers[n]!.file.digest);
    images.push({
      config,
      layers: sameLayers ? layers.map((layer, n) => ({ ...layer, mediaType: oci.manifest.layers[n]!.mediaType })) : layers,
      ...(sameLayers ? { manifest: { file: oci.file, mediaType: oci.mediaType } } : {}),
      refs,
    });
  }
  return images;
}
