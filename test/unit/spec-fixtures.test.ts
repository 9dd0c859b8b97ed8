import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeInfo } from '../../src/base/index.ts';
import { loadProject } from '../../src/spec/index.ts';
import { repoRoot } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * One fixture per loader diagnostic code (STK1xxx parse, STK3xxx semantics):
 * fixtures/invalid/<code>-<slug>/compose.yaml and expected.json, the list of
 * every diagnostic the load must give ({code, line, column}, and `file` when
 * not compose.yaml). An optional options.json sets loader options
 * (`discover`, `services`, `profiles`, `env`); `discover` fixtures are
 * copied to a temp dir so discovery cannot find a file above them.
 */
interface Expected {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

interface FixtureOptions {
  readonly discover?: boolean;
  readonly services?: string[];
  readonly profiles?: string[];
  readonly env?: Record<string, string>;
}

const root = join(repoRoot, 'fixtures', 'invalid');
const fixtures = readdirSync(root)
  .filter((name) => /^STK[13]\d{3}-/.test(name))
  .sort();

function runFixture(dir: string): Expected[] {
  const optionsPath = join(dir, 'options.json');
  const options: FixtureOptions = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, 'utf8')) : {};
  const load = (base: string) => {
    const result = loadProject({
      ...(options.discover ? {} : { files: [join(base, 'compose.yaml')] }),
      ...(options.services ? { services: options.services } : {}),
      ...(options.profiles ? { profiles: options.profiles } : {}),
      env: { HOME: '/home/fixture', ...options.env },
      cwd: base,
    });
    return result.diagnostics.map((d) => ({
      code: d.code,
      ...(d.file !== undefined && relative(base, d.file) !== 'compose.yaml' ? { file: relative(base, d.file) } : {}),
      ...(d.range ? { line: d.range.start.line, column: d.range.start.column } : {}),
    }));
  };
  if (!options.discover) return load(dir);
  using tmp = tempDir('stk-fixture-');
  cpSync(dir, tmp.path, { recursive: true });
  return load(tmp.path);
}

describe('loader diagnostic fixtures', () => {
  it.each(fixtures)('%s', (name) => {
    const dir = join(root, name);
    const expected: Expected[] = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    expect(runFixture(dir)).toEqual(expected);
    expect(expected.some((e) => e.code === name.slice(0, 7))).toBe(true);
  });

  it('covers every STK1xxx and STK3xxx code with a fixture', () => {
    const covered = new Set(fixtures.map((name) => name.slice(0, 7)));
    const codes = [...Array.from({ length: 15 }, (_, i) => `STK${1001 + i}`), ...Array.from({ length: 25 }, (_, i) => `STK${3001 + i}`)];
    for (const code of codes) expect(codeInfo(code), `${code} is in the catalogue`).toBeDefined();
    expect(codes.filter((code) => !covered.has(code))).toEqual([]);
  });
});
