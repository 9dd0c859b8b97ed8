/** The part of a streamx (tar-stream) or Node writable this needs. */
export interface WritableLike {
  write(chunk: Uint8Array): boolean;
  readonly destroying?: boolean;
  readonly destroyed: boolean;
  once(event: string, fn: () => void): unknown;
  off(event: string, fn: () => void): unknown;
}

/**
 * Writes a chunk and, when the stream asks to wait, waits for 'drain' (or
 * 'close', so a destroyed stream never leaves the writer hanging). Returns
 * false when the stream is gone and the writer should stop.
 */
export async function writeWithBackpressure(stream: WritableLike, chunk: Uint8Array): Promise<boolean> {
  if (isGone(stream)) return false;
  if (!stream.write(chunk) && !isGone(stream)) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('close', done);
    });
  }
  return !isGone(stream);
}

function isGone(stream: WritableLike): boolean {
  return stream.destroyed || stream.destroying === true;
}
