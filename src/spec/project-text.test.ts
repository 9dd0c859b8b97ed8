import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeJson, composeYaml } from './project-text.ts';

describe('composeYaml', () => {
  it('prints block collections with sequences indented under their key', () => {
    expect(composeYaml({ a: { b: [1, 'x', { c: true, d: null }], e: {}, f: [] } })).toBe('a:\n  b:\n    - 1\n    - x\n    - c: true\n      d: null\n  e: {}\n  f: []\n');
  });

  it('quotes what would read back as something else, in YAML 1.2 or 1.1 (PyYAML)', () => {
    const quoted = ['', '3000', '0440', '1.5', 'true', 'yes', 'on', 'N', '~', 'null', '12:30', '2024-01-01', '- x', 'a: b', 'a #b', '*x', '&x', '!x', '@x', '"q"', "'q'", ' lead', 'trail ', '{a}', '[a]', '#c', '<<', '0x1F', '.inf', '1e3', 'tab\there', '0o17', '1_000', '=', '0b101', '190:20:30'];
    for (const s of quoted) expect(composeYaml({ k: s }), s).toBe(`k: ${JSON.stringify(s)}\n`);
    const plain = ['nginx:1.27', 'tcp://192.168.0.42:123', '02:42:ac:11:65:43', '-p', 'echo "hello world"', 'label=level:s0:c100,c200', 'c 1:3 mr', 'a,b', '2001:3984:3989::/64', 'it\'s', 'a=b'];
    for (const s of plain) expect(composeYaml({ k: s }), s).toBe(`k: ${s}\n`);
  });

  it('quotes keys the same way', () => {
    expect(composeYaml({ on: 'x', '3000': 'v', 'a b': 'z' })).toBe('"3000": v\n"on": x\na b: z\n');
  });

  it('prints multi-line text as a literal block with exact trailing newlines, never folded', () => {
    expect(composeYaml({ a: 'FROM alpine\nRUN x\n' })).toBe('a: |\n  FROM alpine\n  RUN x\n');
    expect(composeYaml({ a: 'one\ntwo' })).toBe('a: |-\n  one\n  two\n');
    expect(composeYaml({ a: ['x\n\n'] })).toBe('a:\n  - |+\n    x\n\n');
    expect(composeYaml({ a: '  indented\nnext\n' })).toBe('a: |2\n    indented\n  next\n');
    const long = 'word '.repeat(40).trim();
    expect(composeYaml({ a: long })).toBe(`a: ${long}\n`);
  });

  it('prints a value that appears twice in full both times, without anchors', () => {
    const shared = { driver: 'local' };
    expect(composeYaml({ a: shared, b: shared })).toBe('a:\n  driver: local\nb:\n  driver: local\n');
  });

  it('reads back as the same value in YAML 1.2 and 1.1 (property)', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('on', 'no', '1', 'a: b', '-', '<<', '~', '='));
    const leaf = fc.oneof(
      fc.string(),
      fc.constantFrom('yes', 'No', '0755', '1_000', '12:30:00', '\n', 'a\n', 'a\n\n', ' a\nb', 'a \nb', '#', '- ', ': ', 'a\tb', '='),
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
        const text = composeYaml(v);
        expect(parse(text, { version: '1.2' })).toEqual(v);
        expect(parse(text, { version: '1.1' })).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });
});

describe('composeJson', () => {
  it('sorts keys, indents by two and ends with a newline', () => {
    expect(composeJson({ b: 1, a: { d: [1], c: null } })).toBe('{\n  "a": {\n    "c": null,\n    "d": [\n      1\n    ]\n  },\n  "b": 1\n}\n');
  });
});
