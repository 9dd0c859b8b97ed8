import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import type { BlobWriter } from './blob-store.ts';
import type { Digest } from './digest.ts';

/** Compresses a stream into a blob as it arrives (zlib runs on the thread pool, beside the unpacking). */
export class GzipBlobSink {
  readonly #gzip: Gzip;
  readonly #writer: BlobWriter;
  readonly #pumping: Promise<void>;

  constructor(writer: BlobWriter, level: number) {
    this.#writer = writer;
    const gzip = createGzip({ level, chunkSize: 1 << 17 });
    this.#gzip = gzip;
    this.#pumping = (async () => {
      for await (const chunk of gzip as AsyncIterable<Buffer>) await writer.write(chunk);
    })();
    // Failures surface through write/finish; keep an early one from being "unhandled".
    this.#pumping.catch(() => undefined);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.#gzip.write(chunk)) return;
    await Promise.race([once(this.#gzip, 'drain'), this.#pumping.then(() => Promise.reject(new Error('gzip stream ended early')))]);
  }

  async finish(): Promise<{ digest: Digest; size: number }> {
    this.#gzip.end();
    await this.#pumping;
    return this.#writer.commit();
  }

  async abort(): Promise<void> {
    this.#gzip.destroy();
    await this.#pumping.catch(() => undefined);
    await this.#writer.abort();
  }
}
