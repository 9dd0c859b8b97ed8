import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml } from './yaml-text.ts';

describe('toYaml', () => {
  it('prints block collections with sequences indented under their key', () => {
    expect(toYaml({ a: { b: [1, 'x', { c: true, d: null }], e: {}, f: [] } })).toBe('a:\n  b:\n    - 1\n    - x\n    - c: true\n      d: null\n  e: {}\n  f: []\n');
  });

  it('quotes what would read back as something else, in YAML 1.2 or 1.1', () => {
    const quoted = ['', '3000', '0440', '1.5', 'true', 'yes', 'on', 'N', '~', 'null', '12:30', '2024-01-01', '- x', 'a: b', 'a #b', '*x', '&x', '!x', '@x', '"q"', "'q'", ' lead', 'trail ', '{a}', '[a]', '#c', '<<', '0x1F', '.inf', '1e3', 'tab\there'];
    for (const s of quoted) expect(toYaml({ k: s }), s).toBe(`k: ${JSON.stringify(s)}\n`);
    const plain = ['nginx:1.27', 'tcp://192.168.0.42:123', '02:42:ac:11:65:43', '-p', 'echo "hello world"', 'label=level:s0:c100,c200', 'c 1:3 mr', 'a,b', '2001:3984:3989::/64', 'it\'s'];
    for (const s of plain) expect(toYaml({ k: s }), s).toBe(`k: ${s}\n`);
  });

  it('prints multi-line text as a literal block with exact trailing newlines', () => {
    expect(toYaml({ a: 'FROM alpine\nRUN x\n' })).toBe('a: |\n  FROM alpine\n  RUN x\n');
    expect(toYaml({ a: 'one\ntwo' })).toBe('a: |-\n  one\n  two\n');
    expect(toYaml({ a: ['x\n\n'] })).toBe('a:\n  - |+\n    x\n\n');
    expect(toYaml({ a: '  indented\nnext\n' })).toBe('a: |2\n    indented\n  next\n');
  });

  it('reads back as the same value (property)', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('on', 'no', '1', 'a: b', '-', '<<', '~'));
    const leaf = fc.oneof(
      fc.string(),
      fc.constantFrom('yes', 'No', '0755', '1_000', '12:30:00', '\n', 'a\n', 'a\n\n', ' a\nb', 'a \nb', '#', '- ', ': '),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(value, (v) => {
        expect(parse(toYaml(v), { version: '1.2' })).toEqual(v);
        // YAML 1.1 readers see the same strings (no yes/no/octal surprises).
        expect(parse(toYaml(v), { version: '1.1' })).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });
});
