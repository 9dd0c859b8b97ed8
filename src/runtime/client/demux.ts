import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { StackError } from '../../base/index.ts';

/**
 * Docker's stream framing for attach, exec and logs of a container without a
 * TTY: each frame is an 8-byte header `[stream, 0, 0, 0, size (uint32 BE)]`
 * then `size` bytes, stream 0 stdin, 1 stdout, 2 stderr. With a TTY the
 * stream is raw bytes (all of it stdout).
 */

export type StdStream = 'stdin' | 'stdout' | 'stderr';

export interface Frame {
  readonly stream: StdStream;
  readonly data: Buffer;
}

const streamNames: readonly StdStream[] = ['stdin', 'stdout', 'stderr'];
const headerSize = 8;

export async function* demuxFrames(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Frame> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    let offset = 0;
    while (pending.length - offset >= headerSize) {
      const kind = pending[offset] as number;
      if (kind > 2 || pending[offset + 1] !== 0 || pending[offset + 2] !== 0 || pending[offset + 3] !== 0) throw badFrame(pending, offset);
      const size = pending.readUInt32BE(offset + 4);
      if (pending.length - offset - headerSize < size) break;
      const start = offset + headerSize;
      // A copy, so a consumer holding a frame never pins (or sees changes to) the accumulating buffer.
      yield { stream: streamNames[kind] as StdStream, data: Buffer.from(pending.subarray(start, start + size)) };
      offset = start + size;
    }
    pending = offset === 0 ? pending : pending.subarray(offset);
  }
  if (pending.length > 0) throw new StackError({ code: 'STK5017', errorClass: 'Unavailable', message: `the engine's output stream ended inside a frame (${pending.length} bytes left over)`, hint: 'retry; if it persists, the engine and stack disagree about the stream format' });
}

function badFrame(buffer: Buffer, offset: number): StackError {
  const head = buffer.subarray(offset, offset + headerSize).toString('hex');
  return new StackError({
    code: 'STK5017',
    errorClass: 'Unavailable',
    message: `the engine's output is not framed as expected (header ${head}); a container with a TTY sends raw output`,
    hint: 'retry; if it persists, the engine and stack disagree about whether the container has a TTY',
  });
}

/** Raw TTY output as frames, so both kinds of stream feed the same consumers. */
export async function* rawFrames(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Frame> {
  for await (const chunk of source) yield { stream: 'stdout', data: typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk) };
}

export interface SplitStdio {
  readonly stdout: PassThrough;
  readonly stderr: PassThrough;
  /** Resolves when the source has ended and both outputs are ended; rejects on a broken stream. */
  readonly done: Promise<void>;
}

/**
 * Splits a connection's output into stdout and stderr streams, with
 * backpressure: read (or resume) both, or the connection stalls. A broken
 * stream ends both outputs and rejects `done`.
 */
export function splitStdio(source: Readable, tty: boolean): SplitStdio {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const frames = tty ? rawFrames(source) : demuxFrames(source);
  const done = (async () => {
    try {
      for await (const frame of frames) await deliver(frame.stream === 'stderr' ? stderr : stdout, frame.data);
    } finally {
      stdout.end();
      stderr.end();
    }
  })();
  // Handled here so an unobserved failure is not an unhandled rejection; callers still see it on `done`.
  done.catch(() => {});
  return { stdout, stderr, done };
}

async function deliver(target: PassThrough, data: Buffer): Promise<void> {
  // A consumer that destroyed its side wants no more: drop its bytes, keep the other stream flowing.
  if (target.destroyed || target.writableEnded) return;
  if (target.write(data)) return;
  const waiting = new AbortController();
  try {
    await Promise.race([once(target, 'drain', { signal: waiting.signal }), once(target, 'close', { signal: waiting.signal })]);
  } finally {
    waiting.abort();
  }
}
