import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../base/index.ts';
import { announceSkip, missingRequirements, sharedDir } from '../../test/helpers/requirements.ts';
import { composeSchema } from './generated/compose-validator.js';

/**
 * A proof rather than a sample: our schema and compose-go's, each rewritten
 * into one canonical form by rules that never change what a schema accepts,
 * are the same tree. The rules:
 *   - annotations go (description, examples, title, deprecated, default...),
 *     and so does $defs (definitions only matter where a $ref uses them);
 *   - every $ref is replaced by what it points to;
 *   - `true` is `{}`; `type` is a sorted list; `uniqueItems: false` goes;
 *   - keywords that cannot apply to the declared types go (properties on a
 *     list, say: JSON Schema ignores them);
 *   - `propertyNames: {pattern: P}` with `additionalProperties: S` and no
 *     `properties` becomes `patternProperties: {P: S}` with
 *     `additionalProperties: false` (both: every key matches P, every value S);
 *   - the order of `required`, `enum` and `oneOf` entries does not matter.
 * The corpus and random documents (validate-conformance.test.ts) then check
 * the generated code against this.
 */
const missing = missingRequirements({ shared: true });
announceSkip('schema equivalence with compose-go', missing);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const annotations = new Set(['$schema', '$id', '$comment', '$defs', 'title', 'description', 'examples', 'deprecated', 'default']);
const objectKeywords = ['properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'required'];
const arrayKeywords = ['items', 'uniqueItems'];
const stringKeywords = ['pattern'];
const numberKeywords = ['minimum', 'maximum'];

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The canonical form of a schema node, refs inlined from `root`. */
function canonical(root: JsonObject, node: Json, depth = 0): Json {
  if (depth > 64) throw new Error('recursive $ref: the canonical form needs a cycle rule');
  if (node === true) return {};
  if (!isObject(node)) return node;
  let merged: JsonObject = { ...node };
  while (typeof merged.$ref === 'string') {
    const { $ref, ...siblings } = merged;
    // Beside a $ref, only annotations: a validating sibling would have to be intersected, not merged.
    const validating = Object.keys(siblings).filter((k) => !annotations.has(k));
    if (validating.length > 0) throw new Error(`${validating.join(', ')} beside a $ref: the canonical form needs a rule for it`);
    merged = { ...(target(root, $ref) as JsonObject), ...siblings };
  }
  const out: JsonObject = {};
  for (const [keyword, value] of Object.entries(merged)) {
    if (annotations.has(keyword)) continue;
    if (keyword === 'properties' || keyword === 'patternProperties') out[keyword] = mapValues(value as JsonObject, (v) => canonical(root, v, depth + 1));
    else if (keyword === 'oneOf' || keyword === 'anyOf') out[keyword] = sortByText((value as Json[]).map((v) => canonical(root, v, depth + 1)));
    else if (keyword === 'items' || keyword === 'additionalProperties' || keyword === 'propertyNames') out[keyword] = canonical(root, value, depth + 1);
    else if (keyword === 'type') out[keyword] = (Array.isArray(value) ? [...value] : [value]).sort();
    else if (keyword === 'required' || keyword === 'enum') out[keyword] = sortByText(value as Json[]);
    else out[keyword] = value;
  }
  if (out.uniqueItems === false) delete out.uniqueItems;
  dropInapplicable(out);
  rewritePropertyNames(out);
  return out;
}

function dropInapplicable(node: JsonObject): void {
  const types = node.type as string[] | undefined;
  if (types === undefined) return;
  const drop = (keywords: string[]) => keywords.forEach((k) => delete node[k]);
  if (!types.includes('object')) drop(objectKeywords);
  if (!types.includes('array')) drop(arrayKeywords);
  if (!types.includes('string')) drop(stringKeywords);
  if (!types.includes('number') && !types.includes('integer')) drop(numberKeywords);
}

function rewritePropertyNames(node: JsonObject): void {
  const names = node.propertyNames;
  if (!isObject(names) || node.properties !== undefined || node.patternProperties !== undefined) return;
  const { type, pattern, ...rest } = names;
  const onlyPattern = typeof pattern === 'string' && Object.keys(rest).length === 0 && (type === undefined || canonicalJson(type) === '["string"]');
  if (!onlyPattern) return;
  node.patternProperties = { [pattern]: node.additionalProperties ?? {} };
  node.additionalProperties = false;
  delete node.propertyNames;
}

function target(root: JsonObject, ref: string): Json {
  let value: Json = root;
  for (const key of ref.replace(/^[^#]*#\//, '').split('/')) value = isObject(value) ? (value[key] as Json) : null;
  if (value === null || value === undefined) throw new Error(`unresolved $ref ${ref}`);
  return value;
}

function mapValues(object: JsonObject, f: (v: Json) => Json): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, f(v)]));
}

function sortByText(values: Json[]): Json[] {
  return [...values].sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : canonicalJson(a) > canonicalJson(b) ? 1 : 0));
}

/** Where two canonical trees first differ, as a readable path; undefined when equal. */
function firstDifference(a: Json, b: Json, path = '#'): string | undefined {
  if (canonicalJson(a) === canonicalJson(b)) return undefined;
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(key in a) || !(key in b)) return `${path}/${key}: only in ${key in a ? 'ours' : 'the reference'}`;
      const inner = firstDifference(a[key]!, b[key]!, `${path}/${key}`);
      if (inner) return inner;
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const inner = firstDifference(a[i]!, b[i]!, `${path}/${i}`);
      if (inner) return inner;
    }
  }
  return `${path}: ours ${canonicalJson(a).slice(0, 200)} / reference ${canonicalJson(b).slice(0, 200)}`;
}

describe.skipIf(missing)('schema equivalence with compose-go', () => {
  it('has the same canonical form as the reference', () => {
    const reference = JSON.parse(readFileSync(join(sharedDir(), 'corpus', 'compose-go', 'schema', 'compose-spec.json'), 'utf8')) as JsonObject;
    const ours = composeSchema as JsonObject;
    expect(firstDifference(canonical(ours, ours), canonical(reference, reference))).toBeUndefined();
  });

  it('tells a changed schema apart', () => {
    // The comparison is not blind: a one-word change shows up, with its place.
    const ours = structuredClone(composeSchema) as JsonObject;
    const cgroup = ((ours.$defs as JsonObject).service as JsonObject).properties as JsonObject;
    (cgroup.cgroup as JsonObject).enum = ['host', 'private', 'none'];
    const reference = JSON.parse(readFileSync(join(sharedDir(), 'corpus', 'compose-go', 'schema', 'compose-spec.json'), 'utf8')) as JsonObject;
    expect(firstDifference(canonical(ours, ours), canonical(reference, reference))).toMatch(/cgroup\/enum/);
  });
});
