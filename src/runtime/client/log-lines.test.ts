import { describe, expect, it } from 'vitest';
import type { Frame } from './demux.ts';
import { toLogLines } from './log-lines.ts';
import type { LogLine } from './runtime-types.ts';

async function lines(frames: readonly Frame[], timestamps = false): Promise<LogLine[]> {
  const out: LogLine[] = [];
  async function* source() {
    yield* frames;
  }
  for await (const line of toLogLines(source(), { timestamps })) out.push(line);
  return out;
}

const out = (text: string | Buffer): Frame => ({ stream: 'stdout', data: Buffer.from(text) });
const err = (text: string): Frame => ({ stream: 'stderr', data: Buffer.from(text) });

describe('toLogLines', () => {
  it('joins a line split across frames and keeps streams apart', async () => {
    expect(await lines([out('hel'), err('oops\n'), out('lo\nwor'), out('ld\n')])).toEqual([
      { stream: 'stderr', line: 'oops' },
      { stream: 'stdout', line: 'hello' },
      { stream: 'stdout', line: 'world' },
    ]);
  });

  it('emits a last line without a newline at the end', async () => {
    expect(await lines([out('a\nno newline')])).toEqual([{ stream: 'stdout', line: 'a' }, { stream: 'stdout', line: 'no newline' }]);
  });

  it('keeps a UTF-8 character split across frames whole', async () => {
    const snowman = Buffer.from('☃\n');
    expect(await lines([out(snowman.subarray(0, 1)), out(snowman.subarray(1))])).toEqual([{ stream: 'stdout', line: '☃' }]);
  });

  it('strips a TTY\'s carriage return', async () => {
    expect(await lines([out('tty line\r\n')])).toEqual([{ stream: 'stdout', line: 'tty line' }]);
  });

  it('moves the engine\'s timestamp to `time` when asked for', async () => {
    expect(await lines([out('2024-05-01T10:00:00.123456789Z hello world\n'), out('no stamp\n')], true)).toEqual([
      { stream: 'stdout', line: 'hello world', time: '2024-05-01T10:00:00.123456789Z' },
      { stream: 'stdout', line: 'no stamp' },
    ]);
  });

  it('leaves a timestamp-looking line alone when timestamps were not asked for', async () => {
    expect(await lines([out('2024-05-01T10:00:00Z text\n')])).toEqual([{ stream: 'stdout', line: '2024-05-01T10:00:00Z text' }]);
  });
});
