import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonLines } from './json-lines.ts';

async function parse(chunks: readonly (string | Buffer)[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of jsonLines(Readable.from(chunks))) out.push(v);
  return out;
}

describe('jsonLines', () => {
  it('parses objects split across chunks, skipping blank lines and CRLF', async () => {
    expect(await parse(['{"a":', '1}\r\n\n{"b"', ':2}\n{"c":3}'])).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('decodes a UTF-8 character split across chunks', async () => {
    const bytes = Buffer.from('{"s":"é"}\n');
    expect(await parse([bytes.subarray(0, 7), bytes.subarray(7)])).toEqual([{ s: 'é' }]);
  });

  it('fails on a line that is not JSON', async () => {
    await expect(parse(['<html>502 Bad Gateway</html>\n'])).rejects.toMatchObject({ code: 'STK5017' });
  });
});
