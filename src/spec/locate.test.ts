import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { locatorFor } from './locate.ts';

const text = 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n      - 443\n';

function locate(path: (string | number)[], part: 'key' | 'value') {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return locatorFor(doc, lineCounter)(path, part);
}

describe('locatorFor', () => {
  it('finds the key of a mapping entry', () => {
    expect(locate(['services', 'web', 'image'], 'key')).toEqual({ start: { line: 3, column: 5 }, end: { line: 3, column: 10 } });
  });

  it('finds the value of a mapping entry and a sequence item', () => {
    expect(locate(['services', 'web', 'image'], 'value')?.start).toEqual({ line: 3, column: 12 });
    expect(locate(['services', 'web', 'ports', 1], 'value')?.start).toEqual({ line: 6, column: 9 });
  });

  it('falls back to the deepest node that exists', () => {
    expect(locate(['services', 'web', 'ports', 7, 'target'], 'value')?.start).toEqual({ line: 5, column: 7 });
  });
});
