import { createReadStream } from 'node:fs';
import { type Compression, sniffCompression } from './media-types.ts';

/**
 * Reads the first bytes of a stream to tell gzip, zstd and plain data apart
 * (archives and rootfs tars arrive without a media type), and gives back a
 * stream that still starts at byte 0. Returning early from the result
 * closes the source.
 */
export async function sniffStream(source: AsyncIterable<Uint8Array>): Promise<{ compression: Compression; stream: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < 4) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    have += next.value.byteLength;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      yield* head;
      while (!done) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      if (!done) await iterator.return?.();
    }
  }
  return { compression: sniffCompression(Buffer.concat(head)), stream: rest() };
}

export function fileChunks(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}
