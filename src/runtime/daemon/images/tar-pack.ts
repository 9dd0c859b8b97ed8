import type { Pack } from 'tar-stream';
import { writeWithBackpressure } from './backpressure.ts';

/** tar-stream's header argument (the package's own types). */
export type PackHeader = Parameters<Pack['entry']>[0];

/**
 * Adds one entry to a tar-stream pack, streaming its content with
 * backpressure (the pack only grows as fast as its reader drains it).
 */
export async function addEntry(pack: Pack, header: PackHeader, content?: AsyncIterable<Uint8Array> | Uint8Array): Promise<void> {
  if (content === undefined || content instanceof Uint8Array) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null): void => (error ? reject(error) : resolve());
      if (content === undefined) pack.entry(header, done);
      else pack.entry(header, content, done);
    });
    return;
  }
  let settle!: (error?: Error | null) => void;
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  const sink = pack.entry(header, (error) => settle(error));
  try {
    for await (const chunk of content) if (!(await writeWithBackpressure(sink, chunk))) break;
  } catch (error) {
    sink.destroy(error as Error);
    throw error;
  }
  // A pack destroyed under us (its reader gave up) never calls back: report it instead of waiting.
  if (sink.destroyed || sink.destroying) throw new Error('tar pack closed before the entry was written');
  sink.end(null);
  await finished;
}
