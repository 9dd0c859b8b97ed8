import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { composeSchema } from './generated/compose-validator.js';
import { acceptedTypes, isSchemaObject, resolve, type JsonType, type SchemaObject } from './schema-walk.ts';

/**
 * What the diagnostics code assumes about schemas/compose.schema.json, checked
 * on the schema itself so that an edit that breaks an assumption fails here
 * with its place, not later as a confusing message.
 */
const root = composeSchema as SchemaObject;
const annotations = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'deprecated', 'default']);

/** Every schema node with its JSON pointer. */
function nodes(): [string, SchemaObject][] {
  const out: [string, SchemaObject][] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (!isSchemaObject(node)) return;
    out.push([pointer, node]);
    for (const keyword of ['properties', 'patternProperties', '$defs']) {
      const map = node[keyword];
      if (isSchemaObject(map)) for (const [k, v] of Object.entries(map)) visit(v, `${pointer}/${keyword}/${escape(k)}`);
    }
    for (const keyword of ['items', 'additionalProperties', 'propertyNames']) visit(node[keyword], `${pointer}/${keyword}`);
    if (Array.isArray(node.oneOf)) node.oneOf.forEach((branch, i) => visit(branch, `${pointer}/oneOf/${i}`));
  };
  visit(root, '#');
  return out;
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function overlap(a: readonly JsonType[], b: readonly JsonType[]): boolean {
  const widen = (types: readonly JsonType[]): readonly JsonType[] => (types.includes('number') ? [...types, 'integer'] : types);
  return widen(a).some((t) => widen(b).includes(t));
}

describe('schemas/compose.schema.json', () => {
  const all = nodes();

  it('uses only the keywords the diagnostics understand', () => {
    const known = new Set([...annotations, '$defs', '$ref', 'type', 'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'required']);
    for (const k of ['items', 'uniqueItems', 'enum', 'pattern', 'minimum', 'maximum', 'oneOf']) known.add(k);
    const unknown = all.flatMap(([pointer, node]) => Object.keys(node).filter((k) => !known.has(k)).map((k) => `${pointer}/${k}`));
    expect(unknown).toEqual([]);
  });

  it('has oneOf alone on its node, with branches of disjoint, known types', () => {
    // schema-findings.ts tells the branch the user meant by the value's type.
    const problems: string[] = [];
    for (const [pointer, node] of all) {
      if (!Array.isArray(node.oneOf)) continue;
      const siblings = Object.keys(node).filter((k) => k !== 'oneOf' && !annotations.has(k));
      if (siblings.length > 0) problems.push(`${pointer}: oneOf beside ${siblings.join(', ')}`);
      const types = node.oneOf.map((branch) => acceptedTypes(root, branch));
      types.forEach((t, i) => {
        if (t === undefined) problems.push(`${pointer}/oneOf/${i}: no type`);
        types.slice(i + 1).forEach((u, j) => {
          if (t && u && overlap(t, u)) problems.push(`${pointer}/oneOf: branches ${i} and ${i + 1 + j} overlap`);
        });
      });
    }
    expect(problems).toEqual([]);
  });

  it('reaches every place through one applicator only', () => {
    const clashes: string[] = [];
    for (const [pointer, node] of all) {
      if (!isSchemaObject(node.properties) || !isSchemaObject(node.patternProperties)) continue;
      for (const key of Object.keys(node.properties)) {
        for (const pattern of Object.keys(node.patternProperties)) if (new RegExp(pattern, 'u').test(key)) clashes.push(`${pointer}: ${key} ~ ${pattern}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('checks key names with a pattern only, and $refs point inside the file', () => {
    const problems: string[] = [];
    for (const [pointer, node] of all) {
      if (node.propertyNames !== undefined) {
        const names = resolve(root, node.propertyNames);
        const extra = Object.keys(names ?? {}).filter((k) => k !== 'pattern' && k !== 'type' && !annotations.has(k));
        if (!names || typeof names.pattern !== 'string' || extra.length > 0) problems.push(`${pointer}/propertyNames`);
      }
      if (typeof node.$ref === 'string' && resolve(root, node) === undefined) problems.push(`${pointer}: ${node.$ref} does not resolve`);
      const validating = Object.keys(node).filter((k) => k !== '$ref' && !annotations.has(k));
      if (typeof node.$ref === 'string' && validating.length > 0) problems.push(`${pointer}: ${validating.join(', ')} beside $ref`);
    }
    expect(problems).toEqual([]);
  });

  it('describes every key a user can write', () => {
    // Hints quote descriptions; a key without one gets a poorer hint.
    const bare: string[] = [];
    for (const [pointer, node] of all) {
      if (!isSchemaObject(node.properties)) continue;
      for (const [key, property] of Object.entries(node.properties)) {
        const description = isSchemaObject(property) ? (property.description ?? resolve(root, property)?.description) : undefined;
        if (typeof description !== 'string' || description === '') bare.push(`${pointer}/properties/${key}`);
      }
    }
    expect(bare).toEqual([]);
  });

  it('gives examples that are themselves valid where they stand', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    ajv.addSchema(root);
    const wrong: string[] = [];
    for (const [pointer, node] of all) {
      if (!Array.isArray(node.examples)) continue;
      const validate = ajv.compile({ $ref: `${String(root.$id)}${pointer}` });
      node.examples.forEach((example, i) => {
        if (!validate(example)) wrong.push(`${pointer}/examples/${i}`);
      });
    }
    expect(wrong).toEqual([]);
  });
});
