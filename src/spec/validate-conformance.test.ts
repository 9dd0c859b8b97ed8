import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, LineCounter, parseDocument } from 'yaml';
import { sha256Hex } from '../base/index.ts';
import { schemaCodes } from '../base/codes/schema.ts';
import { announceSkip, missingRequirements, sharedDir } from '../../test/helpers/requirements.ts';
import { composeSchema, validateCompose } from './generated/compose-validator.js';
import { locatorFor } from './locate.ts';
import { validateDocument } from './validate.ts';
import { schemaSample } from './validate-samples.ts';

/**
 * Our schema must accept exactly what compose-go's schema accepts. Checked on
 * every Compose YAML of the corpus, and on random mutations of those documents
 * (keys dropped and added, scalars retyped, values wrapped in lists...), with
 * the reference compiled by ajv 2020 here and ours as the generated
 * standalone validator that ships.
 */
const missing = missingRequirements({ shared: true });
announceSkip('schema conformance with compose-go', missing);

const corpusDir = join(sharedDir(), 'corpus');
const referenceFile = join(corpusDir, 'compose-go', 'schema', 'compose-spec.json');

interface CorpusDocument {
  readonly file: string;
  readonly data: unknown;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

/** The corpus after a plain YAML parse (anchors and merge keys resolved, no interpolation). */
function corpusDocuments(): CorpusDocument[] {
  const documents: CorpusDocument[] = [];
  for (const file of yamlFiles(corpusDir)) {
    const doc = parseDocument(readFileSync(file, 'utf8'), { merge: true });
    if (doc.errors.length > 0) continue;
    documents.push({ file: relative(corpusDir, file), data: doc.toJS({ maxAliasCount: -1 }) });
  }
  return documents;
}

function referenceValidator(): (data: unknown) => boolean {
  const schema = JSON.parse(readFileSync(referenceFile, 'utf8')) as Record<string, unknown>;
  // The reference is not written for ajv's strict mode (keywords without their type); its meaning is unchanged.
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  const validate = ajv.compile(schema);
  return (data) => validate(data) === true;
}

function ours(data: unknown): boolean {
  return validateCompose(data) === true;
}

// Failing runs are reported as drawn (endOnFailure): shrinking whole documents
// drawn with fc.gen() takes minutes and memory, and the seed replays them anyway.
describe.skipIf(missing)('schema conformance with compose-go', () => {
  const documents = missing ? [] : corpusDocuments();
  const reference = missing ? () => true : referenceValidator();

  it('pins the reference it is equivalent to', () => {
    // A changed reference needs a new look at the schema: see schemas/README.md.
    const recorded = /reference sha256 ([0-9a-f]{64})/.exec(String(composeSchema.$comment))?.[1];
    expect(sha256Hex(readFileSync(referenceFile))).toBe(recorded);
  });

  it('gives every corpus document the verdict the reference gives', () => {
    expect(documents.length).toBeGreaterThan(250);
    const disagreements = documents.filter((d) => ours(d.data) !== reference(d.data)).map((d) => d.file);
    expect(disagreements).toEqual([]);
  });

  it('rejects the corpus files that Compose rejects for their schema', () => {
    const wrong = documents.find((d) => d.file === 'docker-compose-e2e/fixtures/wrong-composefile/compose.yaml');
    const nilService = documents.find((d) => d.file === 'compose-go/loader/testdata/extends/base.yaml');
    expect(wrong && ours(wrong.data)).toBe(false);
    expect(nilService && ours(nilService.data)).toBe(false);
    const variables = documents.find((d) => d.file === 'compose-go/schema/using-variables.yaml');
    expect(variables && ours(variables.data)).toBe(true);
  });

  it('agrees with the reference on random mutations of corpus documents', () => {
    fc.assert(
      fc.property(fc.nat(documents.length - 1), fc.array(mutation(), { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const data = mutate(documents[index]!.data, mutations);
        expect(ours(data)).toBe(reference(data));
      }),
      { numRuns: 4000, endOnFailure: true },
    );
  });

  it('agrees with the reference on documents drawn from either schema', () => {
    const referenceSchema = JSON.parse(readFileSync(referenceFile, 'utf8')) as Record<string, unknown>;
    const verdicts = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.gen(), fc.boolean(), (draw, fromReference) => {
        const data = schemaSample(draw, fromReference ? referenceSchema : composeSchema);
        const verdict = reference(data);
        verdicts[verdict ? 'valid' : 'invalid']++;
        expect(ours(data)).toBe(verdict);
      }),
      { numRuns: 5000, endOnFailure: true },
    );
    // Both verdicts are common, so agreement means something.
    expect(Math.min(verdicts.valid, verdicts.invalid)).toBeGreaterThan(500);
  });

  it('explains every rejected mutation with located, hinted STK2xxx diagnostics', () => {
    fc.assert(
      fc.property(fc.nat(documents.length - 1), fc.array(mutation(), { minLength: 1, maxLength: 3 }), (index, mutations) => {
        // Through YAML text and back, so that the locator sees a real file.
        const text = String(new Document(mutate(documents[index]!.data, mutations)));
        const lineCounter = new LineCounter();
        const doc = parseDocument(text, { lineCounter });
        const data = doc.toJS({ maxAliasCount: -1 });
        const diagnostics = validateDocument(data, 'compose.yaml', locatorFor(doc, lineCounter));
        expect(diagnostics.length === 0).toBe(reference(data));
        const seen = new Set<string>();
        for (const d of diagnostics) {
          expect(Object.keys(schemaCodes)).toContain(d.code);
          expect(d.range).toBeDefined();
          expect(d.hint ?? '').not.toBe('');
          const key = `${d.code}@${d.range?.start.line}:${d.range?.start.column}:${d.message}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
      }),
      { numRuns: 600, endOnFailure: true },
    );
  });
});

type MutationKind = 'drop' | 'add' | 'retype' | 'wrap' | 'unwrap' | 'nullify';

interface Mutation {
  readonly at: number;
  readonly kind: MutationKind;
  readonly key: string;
  readonly value: unknown;
}

/** Keys worth adding: every key the reference names, plus near misses and names that test patterns. */
function keyPool(): string[] {
  const keys = new Set<string>(['x-custom', 'unknown_key', 'Image', '', 'a b', 'web', 'db', 'nofile', 'NOFILE', 'default', '0']);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'properties' && typeof v === 'object' && v !== null) for (const name of Object.keys(v)) keys.add(name);
        visit(v);
      }
    }
  };
  if (!missing) visit(JSON.parse(readFileSync(referenceFile, 'utf8')));
  return [...keys].sort();
}

function valueArbitrary(keys: readonly string[]): fc.Arbitrary<unknown> {
  const words = fc.constantFrom(
    ...['host', 'private', 'all', 'service_started', 'service_healthy', 'bind', 'volume', 'tmpfs', 'always', 'never', 'every_12h'],
    ...['xalwaysx', 'every_', '8080:80', '', 'a', 'a b', 'x-y', 'start-first', 'z', 'Z', 'enabled', 'sync+exec', 'NONE'],
  );
  const numbers = fc.constantFrom(-1, 0, 1, 100, 101, -1000, -1001, 1.5, 65535);
  const scalar = fc.oneof(words, numbers, fc.boolean(), fc.constant(null), fc.string({ maxLength: 4 }), fc.integer());
  const shapes = fc.constantFrom<unknown>(
    { condition: 'service_started' },
    { type: 'bind', target: '/x' },
    { soft: 1, hard: 2 },
    { target: 80 },
    ['a', 'a'],
    [{ a: 1 }, { a: 1 }],
    {},
    [],
    { service: 'base' },
    { capabilities: ['gpu'] },
  );
  return fc.oneof(
    scalar,
    shapes,
    fc.array(scalar, { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...keys), scalar, { maxKeys: 3 }),
  );
}

function mutation(): fc.Arbitrary<Mutation> {
  const keys = keyPool();
  return fc.record({
    at: fc.nat(),
    kind: fc.constantFrom<MutationKind>('drop', 'add', 'retype', 'wrap', 'unwrap', 'nullify'),
    key: fc.constantFrom(...keys),
    value: valueArbitrary(keys),
  });
}

type Path = readonly (string | number)[];

function allPaths(value: unknown, path: Path = []): Path[] {
  const out: Path[] = [path];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...allPaths(item, [...path, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...allPaths(v, [...path, k]));
  return out;
}

function mutate(original: unknown, mutations: readonly Mutation[]): unknown {
  let data = structuredClone(original);
  for (const m of mutations) data = applyMutation(data, m);
  return data;
}

function applyMutation(data: unknown, m: Mutation): unknown {
  const paths = allPaths(data);
  const path = paths[m.at % paths.length]!;
  const current = get(data, path);
  switch (m.kind) {
    case 'drop':
      return path.length === 0 ? data : remove(data, path);
    case 'add':
      if (Array.isArray(current)) current.push(structuredClone(m.value));
      else if (typeof current === 'object' && current !== null) (current as Record<string, unknown>)[m.key] = structuredClone(m.value);
      return data;
    case 'retype':
      return set(data, path, retype(current, m.value));
    case 'wrap':
      return set(data, path, [current]);
    case 'unwrap':
      if (Array.isArray(current) && current.length > 0) return set(data, path, current[0]);
      if (typeof current === 'object' && current !== null && Object.keys(current).length > 0) return set(data, path, Object.values(current)[0]);
      return data;
    case 'nullify':
      return set(data, path, null);
  }
}

/** A scalar of another type that a user could plausibly have written instead. */
function retype(value: unknown, fallback: unknown): unknown {
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value === 'true' || value === 'false' ? value === 'true' : value.length;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return structuredClone(fallback);
}

function get(data: unknown, path: Path): unknown {
  let value = data;
  for (const segment of path) value = (value as Record<string | number, unknown>)[segment];
  return value;
}

function set(data: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = get(data, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return data;
}

function remove(data: unknown, path: Path): unknown {
  const parent = get(data, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete (parent as Record<string, unknown>)[String(last)];
  return data;
}
