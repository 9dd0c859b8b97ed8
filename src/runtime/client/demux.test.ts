import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demuxFrames, splitStdio, type Frame } from './demux.ts';

function frame(stream: 0 | 1 | 2, text: string | Buffer): Buffer {
  const data = typeof text === 'string' ? Buffer.from(text) : text;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

/** Cuts a byte string at the given offsets: the engine may deliver frames in any slicing. */
function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  return out;
}

async function collect(source: AsyncIterable<Frame>): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const f of source) out.push(f);
  return out;
}

describe('demuxFrames', () => {
  it('reads several frames from one chunk and one frame from several chunks', async () => {
    const bytes = Buffer.concat([frame(1, 'out'), frame(2, 'err'), frame(1, 'more')]);
    const frames = await collect(demuxFrames(Readable.from(chunked(bytes, [3, 9, 12, 20]))));
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([['stdout', 'out'], ['stderr', 'err'], ['stdout', 'more']]);
  });

  it('gives back the same frames however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom<0 | 1 | 2>(1, 2), fc.uint8Array({ maxLength: 40 })), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (frames, cuts) => {
          const bytes = Buffer.concat(frames.map(([s, d]) => frame(s, Buffer.from(d))));
          const out = await collect(demuxFrames(Readable.from(chunked(bytes, cuts))));
          expect(out.map((f) => [f.stream === 'stdout' ? 1 : 2, [...f.data]])).toEqual(frames.map(([s, d]) => [s, [...d]]));
        },
      ),
    );
  });

  it('rejects output that is not framed (a TTY stream read as framed)', async () => {
    await expect(collect(demuxFrames(Readable.from([Buffer.from('hello world, raw tty output')])))).rejects.toMatchObject({ code: 'STK5017' });
  });

  it('rejects a stream that ends inside a frame', async () => {
    const bytes = frame(1, 'truncated');
    await expect(collect(demuxFrames(Readable.from([bytes.subarray(0, 10)])))).rejects.toMatchObject({ code: 'STK5017' });
  });
});

describe('splitStdio', () => {
  async function text(stream: Readable): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
    return Buffer.concat(chunks).toString();
  }

  it('routes framed output to stdout and stderr and ends both', async () => {
    const split = splitStdio(Readable.from([Buffer.concat([frame(1, 'a'), frame(2, 'b'), frame(1, 'c')])]), false);
    const [out, err] = await Promise.all([text(split.stdout), text(split.stderr), split.done]);
    expect(out).toBe('ac');
    expect(err).toBe('b');
  });

  it('passes TTY output through raw, all on stdout', async () => {
    const split = splitStdio(Readable.from([Buffer.from('\x01raw\r\n')]), true);
    const [out, err] = await Promise.all([text(split.stdout), text(split.stderr), split.done]);
    expect(out).toBe('\x01raw\r\n');
    expect(err).toBe('');
  });

  it('waits for a slow reader instead of buffering without bound, and loses nothing', async () => {
    const big = Buffer.alloc(64 * 1024, 120);
    const frames = Array.from({ length: 16 }, () => frame(1, big));
    const split = splitStdio(Readable.from(frames), false);
    split.stderr.resume();
    // Nothing read from stdout yet: the splitter must be holding back, not have drained the source.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(split.stdout.readableLength + split.stdout.writableLength).toBeLessThanOrEqual(2 * big.length);
    expect((await text(split.stdout)).length).toBe(16 * big.length);
    await split.done;
  });

  it('keeps stderr flowing when the stdout reader has gone', async () => {
    const split = splitStdio(Readable.from([Buffer.concat([frame(1, 'x'.repeat(100_000)), frame(2, 'still here')])]), false);
    split.stdout.destroy();
    expect(await text(split.stderr)).toBe('still here');
    await split.done;
  });

  it('reports a broken stream on done and still ends the outputs', async () => {
    const split = splitStdio(Readable.from([Buffer.from('not framed at all')]), false);
    const out = text(split.stdout);
    await expect(split.done).rejects.toMatchObject({ code: 'STK5017' });
    expect(await out).toBe('');
  });
});
