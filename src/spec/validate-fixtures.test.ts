import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { schemaCodes } from '../base/codes/schema.ts';
import { repoRoot } from '../../test/helpers/requirements.ts';
import { locatorFor } from './locate.ts';
import { validateDocument } from './validate.ts';

/**
 * Every fixtures/invalid/STK2xxx-<slug>/compose.yaml gives exactly the
 * diagnostics its expected.json lists (code, line, column), and every code of
 * the schema band has at least one fixture.
 */
const fixturesDir = join(repoRoot, 'fixtures', 'invalid');
const fixtures = readdirSync(fixturesDir)
  .filter((name) => /^STK2\d{3}-/.test(name))
  .sort();

interface Expected {
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

function run(name: string) {
  const file = join(fixturesDir, name, 'compose.yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter, merge: true });
  expect(doc.errors).toEqual([]);
  return validateDocument(doc.toJS(), file, locatorFor(doc, lineCounter));
}

describe('schema fixtures (fixtures/invalid/STK2*)', () => {
  it.each(fixtures)('%s', (name) => {
    const expectedFile = join(fixturesDir, name, 'expected.json');
    expect(existsSync(expectedFile), `${name} has an expected.json`).toBe(true);
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected[];
    const diagnostics = run(name);
    const actual = diagnostics.map((d) => ({ code: d.code, line: d.range?.start.line, column: d.range?.start.column }));
    expect(actual).toEqual(expected);
    for (const d of diagnostics) {
      expect(d.severity).toBe('error');
      expect(d.file).toBe(join(fixturesDir, name, 'compose.yaml'));
      expect(d.hint ?? '').not.toBe('');
    }
    // The fixture's directory names the code it is about.
    expect(diagnostics.map((d) => d.code)).toContain(name.slice(0, 7));
  });

  it('covers every code of the schema band', () => {
    const covered = new Set(fixtures.map((name) => name.slice(0, 7)));
    expect(Object.keys(schemaCodes).filter((code) => !covered.has(code))).toEqual([]);
  });
});
