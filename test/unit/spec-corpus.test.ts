import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, type LoadOptions } from '../../src/spec/index.ts';
import { parseEnvFile } from '../../src/spec/env-file.ts';
import { announceSkip, missingRequirements, sharedDir } from '../helpers/requirements.ts';
import { CORPUS_CONTEXT, EXPECTED_INVALID } from './spec-corpus-context.ts';

/**
 * The conformance corpus (../shared/corpus) through the whole loader:
 * every awesome-compose sample loads; every file of expected-invalid.txt is
 * rejected with a located diagnostic of the expected code; every other
 * compose file loads, or spec-corpus-context.ts says why not and in which
 * context it does.
 */
const missing = missingRequirements({ shared: true });
announceSkip('compose corpus', missing);

const corpus = join(sharedDir(), 'corpus');
const HOME = '/home/corpus';

function composeFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) out.push(relative(corpus, path));
    }
  };
  walk(corpus);
  return out;
}

function load(file: string, options: Partial<LoadOptions> & { env?: Record<string, string> } = {}) {
  const dir = dirname(join(corpus, file));
  const { env, files, projectDirectory, ...rest } = options;
  return loadProject({
    files: (files ?? [file.split('/').pop()!]).map((f) => resolve(dir, f)),
    ...(projectDirectory ? { projectDirectory: resolve(dir, projectDirectory) } : {}),
    env: { HOME, ...env },
    cwd: dir,
    ...rest,
  });
}

function errors(result: ReturnType<typeof load>) {
  return result.diagnostics.filter((d) => d.severity === 'error');
}

describe.skipIf(missing)('compose corpus', () => {
  const all = missing ? [] : composeFiles();
  const invalidListed = missing
    ? []
    : readFileSync(join(corpus, 'expected-invalid.txt'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => line.split('\t')[0]!);

  it('lists a rule for every file of expected-invalid.txt', () => {
    expect([...invalidListed].sort()).toEqual(Object.keys(EXPECTED_INVALID).sort());
  });

  it.each(all.filter((f) => f.startsWith('awesome-compose/')))('awesome-compose loads: %s', (file) => {
    const result = load(file);
    expect(errors(result)).toEqual([]);
    expect(result.project).toBeDefined();
  });

  it.each(Object.entries(EXPECTED_INVALID))('expected invalid: %s', (file, rule) => {
    if (rule.kind === 'dockerfile') {
      // A Dockerfile with an unknown instruction: the image builder rejects it, not the loader.
      expect(readFileSync(join(corpus, file), 'utf8')).toMatch(/^WRONG/m);
      return;
    }
    if (rule.kind === 'env-file') {
      const parsed = parseEnvFile(readFileSync(join(corpus, file), 'utf8'), file, { lookup: () => undefined });
      expect(parsed.diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([[rule.code, 7]]);
      return;
    }
    if (rule.kind === 'valid') {
      expect(errors(load(file))).toEqual([]);
      return;
    }
    const result = load(file, rule.env ? { env: rule.env } : {});
    expect(result.project).toBeUndefined();
    const found = errors(result);
    expect(found.map((d) => d.code)).toContain(rule.code);
    for (const d of found) {
      expect(d.hint, `${d.code} has a hint`).toBeTruthy();
      expect(d.file, `${d.code} names a file`).toBeTruthy();
    }
    expect(found.some((d) => d.code === rule.code && (d.range !== undefined || d.code === 'STK1003'))).toBe(true);
    for (const context of rule.loadsWith ?? []) expect(errors(load(file, { ...context, ...(rule.env ? { env: rule.env } : {}) }))).toEqual([]);
  });

  it.each(all.filter((f) => !f.startsWith('awesome-compose/') && !(f in EXPECTED_INVALID)))('loads: %s', (file) => {
    const context = CORPUS_CONTEXT[file];
    if (!context) {
      expect(errors(load(file))).toEqual([]);
      return;
    }
    // Alone it fails (else the context entry is stale)...
    const alone = errors(load(file));
    expect(alone.length).toBeGreaterThan(0);
    if (context.rejectedWith) expect(alone.map((d) => d.code)).toContain(context.rejectedWith);
    // ...and in its context it loads.
    if (context.loadsWith) expect(errors(load(file, context.loadsWith))).toEqual([]);
  });
});
