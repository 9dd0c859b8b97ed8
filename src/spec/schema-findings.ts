import type { GeneratedSchemaError } from './generated/compose-validator.js';
import { acceptedTypes, jsonTypeOf, pathFromPointer, schemaChainAt, typeAccepts, valueAt, type DocumentPath, type JsonType, type SchemaObject } from './schema-walk.ts';

/**
 * What is wrong, in the schema's terms but without ajv's noise: one finding
 * per offending key or value. Messages and codes are made from these by
 * schema-messages.ts.
 */
export type SchemaFinding =
  | { readonly kind: 'unknown-key'; readonly path: DocumentPath; readonly key: string }
  | { readonly kind: 'invalid-name'; readonly path: DocumentPath; readonly key: string }
  | { readonly kind: 'wrong-type'; readonly path: DocumentPath; readonly expected: readonly JsonType[] }
  | { readonly kind: 'not-allowed'; readonly path: DocumentPath; readonly allowed: readonly unknown[] }
  | { readonly kind: 'bad-format'; readonly path: DocumentPath }
  | { readonly kind: 'missing-key'; readonly path: DocumentPath; readonly key: string }
  | { readonly kind: 'duplicate-item'; readonly path: DocumentPath; readonly index: number; readonly first: number }
  | { readonly kind: 'out-of-range'; readonly path: DocumentPath; readonly limit: number; readonly bound: 'min' | 'max' }
  /** No form fits: `forms` are the types of the alternatives (empty when unknown). */
  | { readonly kind: 'no-matching-form'; readonly path: DocumentPath; readonly forms: readonly JsonType[] };

interface Pending {
  readonly pointer: string;
  /** A raw ajv error, or what a oneOf already collapsed to. */
  readonly error?: GeneratedSchemaError;
  readonly finding?: SchemaFinding;
}

/**
 * Turns ajv's flat error list into findings. ajv reports a failed oneOf as the
 * errors of every branch followed by the oneOf error itself; those branch
 * errors are the trailing entries under the oneOf's instance path (a oneOf is
 * the only validating keyword of its node, and no place is reached by two
 * applicators: schema-invariants.test.ts checks both). The branch whose type
 * fits the value is the one the user meant, so its errors are kept and the
 * others' "wrong type" noise is dropped; when no branch fits, the value gets a
 * single no-matching-form finding.
 */
export function schemaFindings(errors: readonly GeneratedSchemaError[], document: unknown, root: SchemaObject): SchemaFinding[] {
  const stack: Pending[] = [];
  for (const error of errors) {
    if (isPropertyNameDetail(error, document)) continue;
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      const branchErrors: Pending[] = [];
      while (stack.length > 0 && within(stack[stack.length - 1]!.pointer, error.instancePath)) branchErrors.unshift(stack.pop()!);
      stack.push(...collapseAlternatives(error.instancePath, branchErrors, document, root));
      continue;
    }
    stack.push({ pointer: error.instancePath, error });
  }
  const findings: SchemaFinding[] = [];
  const seen = new Set<string>();
  for (const entry of stack) {
    const finding = entry.finding ?? findingOf(entry.error!, document);
    const key = JSON.stringify(finding);
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

function collapseAlternatives(pointer: string, branchErrors: readonly Pending[], document: unknown, root: SchemaObject): Pending[] {
  const path = pathFromPointer(pointer, document);
  const value = valueAt(document, path);
  const alternatives = alternativesAt(root, document, path);
  const forms = alternatives.flatMap((branch) => acceptedTypes(root, branch) ?? []);
  const fitting = alternatives.some((branch) => typeAccepts(acceptedTypes(root, branch), value));
  if (fitting) {
    // The fitting branch's own errors; the other branches only said "wrong type" here.
    const kept = branchErrors.filter((entry) => !(entry.pointer === pointer && entry.error?.keyword === 'type'));
    if (kept.length > 0) return kept;
  }
  return [{ pointer, finding: { kind: 'no-matching-form', path, forms: uniqueTypes(forms) } }];
}

/** The oneOf branches that apply at a path (the first oneOf along the schema chain there). */
function alternativesAt(root: SchemaObject, document: unknown, path: DocumentPath): readonly unknown[] {
  for (const node of schemaChainAt(root, document, path)) if (Array.isArray(node.oneOf)) return node.oneOf;
  return [];
}

function findingOf(error: GeneratedSchemaError, document: unknown): SchemaFinding {
  const path = pathFromPointer(error.instancePath, document);
  const params = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return { kind: 'unknown-key', path, key: String(params.additionalProperty) };
    case 'propertyNames':
      return { kind: 'invalid-name', path, key: String(params.propertyName) };
    case 'type':
      return { kind: 'wrong-type', path, expected: typeList(params.type) };
    case 'enum':
      return { kind: 'not-allowed', path, allowed: Array.isArray(params.allowedValues) ? params.allowedValues : [] };
    case 'const':
      return { kind: 'not-allowed', path, allowed: [params.allowedValue] };
    case 'pattern':
    case 'format':
      return { kind: 'bad-format', path };
    case 'required':
      return { kind: 'missing-key', path, key: String(params.missingProperty) };
    case 'uniqueItems': {
      // ajv names the pair in either order depending on the item types.
      const i = Number(params.i);
      const j = Number(params.j);
      return { kind: 'duplicate-item', path: [...path, Math.max(i, j)], index: Math.max(i, j), first: Math.min(i, j) };
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return { kind: 'out-of-range', path, limit: Number(params.limit), bound: 'min' };
    case 'maximum':
    case 'exclusiveMaximum':
      return { kind: 'out-of-range', path, limit: Number(params.limit), bound: 'max' };
    default:
      // Keywords the schema does not use today: still a finding, never ajv's text.
      return { kind: 'no-matching-form', path, forms: [] };
  }
}

/**
 * The inner error of a propertyNames check (the key failed its pattern): the
 * propertyNames error that follows says the same about the key. ajv marks it
 * with propertyName unless the check went through a $ref; then it is a string
 * keyword reported at a mapping, which only propertyNames can produce.
 */
function isPropertyNameDetail(error: GeneratedSchemaError, document: unknown): boolean {
  if (error.keyword === 'propertyNames') return false;
  if (error.propertyName !== undefined) return true;
  const stringKeyword = error.keyword === 'pattern' || error.keyword === 'format' || error.keyword === 'minLength' || error.keyword === 'maxLength';
  return stringKeyword && jsonTypeOf(valueAt(document, pathFromPointer(error.instancePath, document))) === 'object';
}

function within(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function typeList(type: unknown): JsonType[] {
  if (Array.isArray(type)) return type as JsonType[];
  return String(type).split(',') as JsonType[];
}

function uniqueTypes(types: readonly JsonType[]): JsonType[] {
  return [...new Set(types)];
}
