import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Origins } from './origins.ts';
import { parseComposeText } from './parse.ts';
import { parseOne } from './testing/load-memory.ts';

const at = (o: { key?: { start: { line: number; column: number } }; value?: { start: { line: number; column: number } } } | undefined) => ({
  key: o?.key ? [o.key.start.line, o.key.start.column] : undefined,
  value: o?.value ? [o.value.start.line, o.value.start.column] : undefined,
});

describe('parseComposeText', () => {
  it('records where every key and value is', () => {
    const { document, origins } = parseOne('services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n');
    const web = (document.services as Record<string, Record<string, unknown>>).web!;
    expect(at(origins.get(web, 'image'))).toEqual({ key: [3, 5], value: [3, 12] });
    expect(at(origins.get(web.ports as object, 0)).value).toEqual([5, 9]);
    expect(origins.locate(document, ['services', 'web', 'ports', 0, 'target'])?.value?.start).toEqual({ line: 5, column: 9 });
  });

  it('merges `<<` keys, explicit keys winning, and keeps merged values pointing at the anchor', () => {
    const text = 'x-base: &base\n  image: busybox\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n';
    const { document, origins } = parseOne(text);
    const web = (document.services as Record<string, Record<string, unknown>>).web!;
    expect(web).toEqual({ image: 'nginx', restart: 'always' });
    expect(at(origins.get(web, 'restart')).key).toEqual([3, 3]);
    expect(at(origins.get(web, 'image')).key).toEqual([7, 5]);
  });

  it('takes the first of several merged mappings', () => {
    const { document } = parseOne('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n');
    expect(document.c).toEqual({ x: 1, y: 1, z: 2 });
  });

  it('reads plain leading-zero integers as octal, as yaml.v3 does, and keeps quoted ones as strings', () => {
    const { document } = parseOne('a: 0440\nb: "0440"\nc: 0o17\nd: 10\n');
    expect(document).toEqual({ a: 288, b: '0440', c: 15, d: 10 });
  });

  it('keeps `!reset` and `!override` as merge directives and drops the reset value', () => {
    const { document, origins, diagnostics } = parseOne('services:\n  web:\n    command: !reset []\n    ports: !override ["8080:80"]\n');
    const web = (document.services as Record<string, Record<string, unknown>>).web!;
    expect(diagnostics).toEqual([]);
    expect(web).toEqual({ ports: ['8080:80'] });
    expect(origins.directive(web, 'command')).toBe('reset');
    expect(origins.directive(web, 'ports')).toBe('override');
  });

  it.each([
    ['a duplicate key', 'a: 1\na: 2\n', 'STK1002', 2, 1],
    ['a syntax error', 'a: [1, 2\n', 'STK1001', 2, 1],
    ['an unknown tag', 'a: !secret x\n', 'STK1013', 1, 4],
    ['a list at the top', '- a\n', 'STK1006', 1, 1],
    ['a complex key', '? [a]\n: 1\n', 'STK1014', 1, 3],
    ['an empty file', '# nothing\n', 'STK1005', 1, 1],
  ])('reports %s', (_what, text, code, line, column) => {
    const { diagnostics } = parseOne(text);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([[code, line, column]]);
    expect(diagnostics[0]!.hint).toBeTruthy();
  });

  it('resolves an alias to the last node before it with that anchor, keys and merges included', () => {
    const { document, diagnostics } = parseOne('a: &x 1\nb: *x\nc: &x {k: v}\nd: *x\ne: {<<: *x, j: w}\n&n name: 3\nf: {*n : 4}\n');
    expect(diagnostics).toEqual([]);
    expect(document).toEqual({ a: 1, b: 1, c: { k: 'v' }, d: { k: 'v' }, e: { k: 'v', j: 'w' }, name: 3, f: { name: 4 } });
  });

  it('reports an alias inside the collection it names, and reads an unknown alias as null', () => {
    expect(parseOne('a: &x [1, *x]\n').diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([['STK1001', 1, 11]]);
    expect(parseOne('a: *nope\n').document).toEqual({ a: null });
  });

  it('stops an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [1,1,1,1,1,1,1,1,1,1]'];
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(',')}]`);
    const { diagnostics } = parseOne(levels.join('\n') + '\n');
    expect(diagnostics.map((d) => d.code)).toContain('STK1015');
  });

  it('reads every `---` document of a file', () => {
    const parsed = parseComposeText('services: {a: {image: x}}\n---\nservices: {b: {image: y}}\n', '/p/c.yaml', new Origins());
    expect(parsed.documents).toHaveLength(2);
  });

  it('never throws, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsed = parseComposeText(text, '/p/c.yaml', new Origins());
        for (const d of parsed.diagnostics) expect(d.code).toMatch(/^STK1\d{3}$/);
      }),
      { numRuns: 300 },
    );
  });
});
