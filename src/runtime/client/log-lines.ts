import { StringDecoder } from 'node:string_decoder';
import type { Frame } from './demux.ts';
import type { LogLine } from './runtime-types.ts';

/**
 * Frames to lines. Each stream keeps its own partial line and its own UTF-8
 * decoder, so a line (or a character) split across frames comes out whole,
 * and stdout and stderr never mix inside a line.
 */
export async function* toLogLines(frames: AsyncIterable<Frame>, options: { readonly timestamps?: boolean } = {}): AsyncGenerator<LogLine> {
  const pending = { stdout: '', stderr: '' };
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  for await (const frame of frames) {
    if (frame.stream === 'stdin') continue;
    const stream = frame.stream;
    let text = pending[stream] + decoders[stream].write(frame.data);
    let newline = text.indexOf('\n');
    while (newline >= 0) {
      yield toLine(stream, text.slice(0, newline), options.timestamps);
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    pending[stream] = text;
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const rest = pending[stream] + decoders[stream].end();
    if (rest !== '') yield toLine(stream, rest, options.timestamps);
  }
}

const timestamp = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

function toLine(stream: 'stdout' | 'stderr', raw: string, timestamps: boolean | undefined): LogLine {
  // A TTY ends lines with \r\n.
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (timestamps) {
    const match = timestamp.exec(text);
    if (match) return { stream, line: text.slice(match[0].length), time: match[1] as string };
  }
  return { stream, line: text };
}
