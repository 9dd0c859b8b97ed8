/** The media types the store reads and writes (image-spec media-types.md and Docker schema2). */
export const MediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  schema1: 'application/vnd.docker.distribution.manifest.v1+json',
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export type Compression = 'none' | 'gzip' | 'zstd';

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerManifestList;
}

export function isManifestMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaTypes.ociManifest || mediaType === MediaTypes.dockerManifest;
}

export function isSchema1MediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaTypes.schema1 || mediaType === MediaTypes.schema1Signed;
}

export function isConfigMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaTypes.ociConfig || mediaType === MediaTypes.dockerConfig;
}

/** The compression a layer media type declares, or undefined when it is not a layer type we know. */
export function layerCompression(mediaType: string): Compression | undefined {
  switch (mediaType) {
    case MediaTypes.ociLayer:
    case MediaTypes.ociLayerNondistributable:
    case MediaTypes.dockerLayer:
      return 'none';
    case MediaTypes.ociLayerGzip:
    case MediaTypes.ociLayerNondistributableGzip:
    case MediaTypes.dockerLayerGzip:
    case MediaTypes.dockerForeignLayerGzip:
      return 'gzip';
    case MediaTypes.ociLayerZstd:
      return 'zstd';
    default:
      return undefined;
  }
}

/** What the first bytes of a blob say it is: archives arrive without media types (docker save layer.tar). */
export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export function ociLayerMediaType(compression: Exclude<Compression, 'zstd'>): string {
  return compression === 'gzip' ? MediaTypes.ociLayerGzip : MediaTypes.ociLayer;
}
