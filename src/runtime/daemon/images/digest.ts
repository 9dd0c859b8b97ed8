import { createHash } from 'node:crypto';

/** `sha256:<64 hex>`: how blobs, layers (diff ids, chain ids) and images (config digest = id) are named. */
export type Digest = `sha256:${string}`;

export function sha256Digest(data: string | Uint8Array): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function isSha256Digest(value: unknown): value is Digest {
  return typeof value === 'string' && /^sha256:[a-f0-9]{64}$/.test(value);
}

export function digestHex(digest: Digest): string {
  return digest.slice('sha256:'.length);
}

/**
 * ChainIDs of a layer stack (image-spec config.md): the id of layer n covers
 * layers 0..n, so the same diff on a different parent unpacks separately
 * (opaque whiteouts depend on what is below).
 */
export function chainIds(diffIds: readonly Digest[]): Digest[] {
  const out: Digest[] = [];
  for (const diffId of diffIds) {
    const previous = out[out.length - 1];
    out.push(previous === undefined ? diffId : sha256Digest(`${previous} ${diffId}`));
  }
  return out;
}

/** The 12-hex short form Docker prints. */
export function shortId(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
