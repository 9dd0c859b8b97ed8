import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../test/helpers/requirements.ts';
import { Origins } from './origins.ts';
import { parseComposeTextGeneral } from './parse-general.ts';
import { readYamlFast } from './yaml-fast.ts';
import { toYaml } from './yaml-text.ts';

/**
 * The fast reader must agree with the general one wherever it does not give
 * up: the same values, the same origins (key and value positions of every
 * member), the same merge directives.
 */
function compare(text: string): 'fast' | 'general' {
  const fastOrigins = new Origins();
  const fast = readYamlFast(text, 'f.yaml', fastOrigins);
  if (!fast) return 'general';
  const generalOrigins = new Origins();
  const general = parseComposeTextGeneral(text, 'f.yaml', generalOrigins);
  expect(general.diagnostics, `the general reader accepts what the fast one read:\n${text}`).toEqual([]);
  expect(fast).toEqual(general.documents);
  fast.forEach((doc, i) => sameOrigins(doc, general.documents[i], fastOrigins, generalOrigins, []));
  return 'fast';
}

const start = (o: ReturnType<Origins['get']>) => ({ key: o?.key?.start, value: o?.value?.start });

function sameOrigins(a: unknown, b: unknown, oa: Origins, ob: Origins, path: (string | number)[]): void {
  if (typeof a !== 'object' || a === null) return;
  expect(start(oa.self(a)), `self ${path.join('.')}`).toEqual(start(ob.self(b as object)));
  const keys = Array.isArray(a) ? a.map((_, i) => i) : Object.keys(a);
  for (const key of keys) {
    expect(start(oa.get(a, key)), `member ${[...path, key].join('.')}`).toEqual(start(ob.get(b as object, key)));
    expect(oa.directive(a, key)).toBe(ob.directive(b as object, key));
    sameOrigins((a as Record<string | number, unknown>)[key], (b as Record<string | number, unknown>)[key], oa, ob, [...path, key]);
  }
}

function corpusTexts(): string[] {
  const root = join(sharedDir(), 'corpus');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return out;
}

const SAMPLES = [
  'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n      - 443\n',
  'x-a: &a\n  restart: always\n  env: {A: 1}\nservices:\n  web:\n    <<: *a\n    image: x # comment\n    command: ["sh", "-c", \'echo "$$x"\']\n',
  'services:\n  web:\n    healthcheck:\n      test: |\n        curl -f http://x\n\n        true\n      interval: 1m\n    labels: {a: b, "c d": e, f: }\n',
  'services:\n  a:\n    environment:\n    - A=1\n    - B\n    volumes:\n    - type: bind\n      source: ./x\n      target: /x\n      bind: {create_host_path: true}\n',
  'services:\n  web:\n    ports: !override ["8080:80"]\n    command: !reset []\n    labels: !reset\n',
  'name: x\n---\nservices:\n  a: {image: y}\n...\n',
  'a: >\n  folded\n  text\n\n  para\nb: >-\n  x\nc: |+\n  keep\n\nd: 0440\ne: 1.5e3\nf: .inf\ng: ~\nh: 0x1F\ni: "\\u00e9\\t"\nj: \'it\'\'s\'\n',
  'a:\n  - - x\n    - y\n  - k: v\n    l: w\n  -\n    m: n\n  - &anchor z\n  - *anchor\n',
  'a: [1, [2, {b: c}], "d", e f]\nb: {x: 1, "y": [2], z}\nc: [\n  one,\n  two,  # comment\n]\n',
  'key with spaces: value with spaces\n"quoted key": 1\n? complex\n: x\n',
  'a: b\n  c\n',
  'a: "multi\n  line"\n',
];

describe('readYamlFast', () => {
  it.each(SAMPLES)('agrees with the general reader: %j', (text) => {
    compare(text);
  });

  it('reads most of the corpus itself, and agrees on every file it reads', () => {
    const texts = corpusTexts();
    if (texts.length === 0) return;
    const paths = texts.map(compare);
    const fast = paths.filter((p) => p === 'fast').length;
    expect(fast / texts.length).toBeGreaterThan(0.9);
  });

  it('agrees on random edits of valid files (property)', () => {
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 6 }),
      text: fc.constantFrom('', ' ', '  ', '- ', ': ', ':', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '&b ', '*b', '|', '>-', '|+', '!reset ', '!!str ', '? ', '\n', '\n  ', '---\n', '...\n', 'x', '0', '\\', '<<: '),
    });
    const texts = [...SAMPLES, ...corpusTexts().filter((t) => t.length < 3000).slice(0, 60)];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        const edited = edits.reduce((t, e) => {
          const at = e.at % (t.length + 1);
          return t.slice(0, at) + e.text + t.slice(at + e.cut);
        }, text);
        compare(edited);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on whatever the emitter prints (property)', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('a: b', '- x', '#', 'x #y', 'multi\nline\n', ' lead', '0755', 'yes'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(fc.string({ minLength: 1 }), tie('node'), { minKeys: 1, maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(value, (v) => {
        compare(toYaml(v));
      }),
      { numRuns: 1000 },
    );
  });
});
