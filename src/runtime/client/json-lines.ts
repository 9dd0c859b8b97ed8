import { StackError } from '../../base/index.ts';

/**
 * Newline-delimited JSON, as the engine streams events and pull, load and
 * build progress. Blank lines are skipped; a line that is not JSON is a
 * protocol error (STK5017), never silently dropped.
 */
export async function* jsonLines(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== '') yield parse(line);
      newline = pending.indexOf('\n');
    }
  }
  const rest = (pending + decoder.decode()).trim();
  if (rest !== '') yield parse(rest);
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new StackError({
      code: 'STK5017',
      errorClass: 'Unavailable',
      message: `the engine sent a progress line that is not JSON: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`,
      hint: 'check that DOCKER_HOST points at a Docker Engine or at stackd, not at another HTTP server',
      cause: error,
    });
  }
}
