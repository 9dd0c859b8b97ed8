import type { SchemaFinding } from './schema-findings.ts';
import { closestMatch } from './schema-suggest.ts';
import { containerOf, joinWords, renderExamples, renderValue, subjectOf, typePhrase, valueKind } from './schema-text.ts';
import { allowedKeys, firstAnnotation, isSchemaObject, jsonTypeOf, resolve, schemaChainAt, valueAt, type DocumentPath, type SchemaObject } from './schema-walk.ts';

/** The STK2xxx codes (src/base/codes/schema.ts), one per kind of finding. */
export type SchemaCode = 'STK2001' | 'STK2002' | 'STK2003' | 'STK2004' | 'STK2005' | 'STK2006' | 'STK2007' | 'STK2008' | 'STK2009';

const codeOfKind: Readonly<Record<SchemaFinding['kind'], SchemaCode>> = {
  'unknown-key': 'STK2001',
  'wrong-type': 'STK2002',
  'not-allowed': 'STK2003',
  'bad-format': 'STK2004',
  'missing-key': 'STK2005',
  'duplicate-item': 'STK2006',
  'out-of-range': 'STK2007',
  'no-matching-form': 'STK2008',
  'invalid-name': 'STK2009',
};

/** A finding in words, and the place in the document it points at. */
export interface SchemaExplanation {
  readonly code: SchemaCode;
  readonly message: string;
  readonly hint: string;
  readonly path: DocumentPath;
  /** Point at the key of the path (unknown keys, names) or at its value. */
  readonly part: 'key' | 'value';
  readonly related?: { readonly message: string; readonly path: DocumentPath };
}

export function explainFinding(finding: SchemaFinding, document: unknown, root: SchemaObject): SchemaExplanation {
  const code = codeOfKind[finding.kind];
  const value = valueAt(document, finding.path);
  const chain = schemaChainAt(root, document, finding.path);
  switch (finding.kind) {
    case 'unknown-key': {
      const place = finding.path.length === 0 ? `unknown top-level key ${JSON.stringify(finding.key)}` : `unknown key ${JSON.stringify(finding.key)} in ${containerOf(finding.path)}`;
      return { code, message: place, hint: unknownKeyHint(finding.key, chain, root), path: [...finding.path, finding.key], part: 'key' };
    }
    case 'invalid-name': {
      const rule = chain.map((node) => resolve(root, node.propertyNames)).find((names) => names?.description !== undefined)?.description;
      return {
        code,
        message: nameMessage(finding.path, finding.key),
        hint: typeof rule === 'string' ? rule : 'rename the key',
        path: [...finding.path, finding.key],
        part: 'key',
      };
    }
    case 'wrong-type':
      return {
        code,
        message: `${subjectOf(finding.path)} must be ${typePhrase(finding.expected)}, not ${valueKind(value)}`,
        hint: exampleHint(chain) ?? `write ${typePhrase(finding.expected)} here`,
        path: finding.path,
        part: 'value',
      };
    case 'no-matching-form': {
      const message = finding.forms.length > 0 ? `${subjectOf(finding.path)} must be ${typePhrase(finding.forms)}, not ${valueKind(value)}` : `${subjectOf(finding.path)} is not valid`;
      return { code, message, hint: exampleHint(chain) ?? 'check the form of this value in the Compose specification', path: finding.path, part: 'value' };
    }
    case 'not-allowed': {
      const words = finding.allowed.map((v) => renderValue(v));
      const suggestion = typeof value === 'string' ? closestMatch(value, finding.allowed.filter((v): v is string => typeof v === 'string')) : undefined;
      const allowed = `Allowed values: ${joinWords(words, 'or')}.`;
      return {
        code,
        message: `${subjectOf(finding.path)} cannot be ${renderValue(value)}`,
        hint: suggestion === undefined ? allowed : `did you mean ${JSON.stringify(suggestion)}? ${allowed}`,
        path: finding.path,
        part: 'value',
      };
    }
    case 'bad-format':
      return {
        code,
        message: `${subjectOf(finding.path)} has an invalid value ${renderValue(value)}`,
        hint: describeHint(chain) ?? 'check the form of this value in the Compose specification',
        path: finding.path,
        part: 'value',
      };
    case 'missing-key': {
      const last = finding.path[finding.path.length - 1];
      return {
        code,
        message: `${subjectOf(finding.path)} is missing the required key ${JSON.stringify(finding.key)}`,
        hint: exampleHint(chain, value) ?? propertyDescription(chain, finding.key, root) ?? `add ${JSON.stringify(finding.key)}`,
        path: finding.path,
        part: typeof last === 'string' ? 'key' : 'value',
      };
    }
    case 'duplicate-item': {
      const list = finding.path.slice(0, -1);
      return {
        code,
        message: `${subjectOf(list)} lists ${renderValue(value)} more than once`,
        hint: `remove one of the two (items ${finding.first} and ${finding.index} are the same)`,
        path: finding.path,
        part: 'value',
        related: { message: 'first listed here', path: [...list, finding.first] },
      };
    }
    case 'out-of-range': {
      const bound = finding.bound === 'min' ? 'at least' : 'at most';
      return {
        code,
        message: `${subjectOf(finding.path)} must be ${bound} ${finding.limit}, not ${renderValue(value)}`,
        hint: describeHint(chain) ?? `use a value ${bound} ${finding.limit}`,
        path: finding.path,
        part: 'value',
      };
    }
  }
}

function unknownKeyHint(key: string, chain: readonly SchemaObject[], root: SchemaObject): string {
  const { keys, extensions } = allowedKeys(chain);
  const suggestion = closestMatch(key, keys);
  if (suggestion !== undefined) return `did you mean ${JSON.stringify(suggestion)}?`;
  if (key.startsWith('x-') && !extensions) return 'extension keys (x-...) are not allowed at this place; move it to the enclosing service or to the top level';
  // A key at the right place but the wrong depth: say where it belongs.
  for (const owner of keys) {
    const nested = childKeys(chain, owner, root);
    if (nested.includes(key)) return `${JSON.stringify(key)} belongs under ${JSON.stringify(owner)}: indent it one level deeper`;
  }
  const serviceKeys = keysOf(resolve(root, { $ref: '#/$defs/service' }));
  if (!keys.includes('image') && serviceKeys.includes(key)) return `${JSON.stringify(key)} is a service setting: put it under services.<name>`;
  const list = keys.map((k) => JSON.stringify(k));
  const allowed = keys.length <= 16 ? `the keys allowed here are ${joinWords(list, 'and')}` : 'check the spelling and the indentation';
  return extensions ? `${allowed}; a key of your own must start with "x-"` : allowed;
}

/** Keys of the mapping a property holds (through $ref and the mapping branch of a oneOf). */
function childKeys(chain: readonly SchemaObject[], property: string, root: SchemaObject): string[] {
  for (const node of chain) {
    if (!isSchemaObject(node.properties) || node.properties[property] === undefined) continue;
    const target = resolve(root, node.properties[property]);
    const keys = keysOf(target);
    if (keys.length > 0) return keys;
    if (Array.isArray(target?.oneOf)) return target.oneOf.flatMap((branch) => keysOf(resolve(root, branch)));
  }
  return [];
}

function keysOf(node: SchemaObject | undefined): string[] {
  return node !== undefined && isSchemaObject(node.properties) ? Object.keys(node.properties) : [];
}

/** Examples of the right form; with `like`, only those of the same type as it (a mapping for a missing key). */
function exampleHint(chain: readonly SchemaObject[], like?: unknown): string | undefined {
  const examples = firstAnnotation(chain, 'examples');
  const fitting = Array.isArray(examples) ? examples.filter((e) => like === undefined || jsonTypeOf(e) === jsonTypeOf(like)) : [];
  if (fitting.length > 0) return `for example: ${renderExamples(fitting)}`;
  return like === undefined ? describeHint(chain) : undefined;
}

function describeHint(chain: readonly SchemaObject[]): string | undefined {
  const description = firstAnnotation(chain, 'description');
  const examples = firstAnnotation(chain, 'examples');
  const example = Array.isArray(examples) && examples.length > 0 ? ` For example: ${renderExamples(examples)}.` : '';
  return typeof description === 'string' ? `${description}${example}` : example.trim() || undefined;
}

function propertyDescription(chain: readonly SchemaObject[], key: string, root: SchemaObject): string | undefined {
  for (const node of chain) {
    if (!isSchemaObject(node.properties)) continue;
    const property = node.properties[key];
    const description = isSchemaObject(property) ? (property.description ?? resolve(root, property)?.description) : undefined;
    if (typeof description === 'string') return `${JSON.stringify(key)}: ${description}`;
  }
  return undefined;
}

/** `service name "my web" is not valid`, or `"depends_on" of service "web" has an invalid key "my db"`. */
function nameMessage(path: DocumentPath, key: string): string {
  const kinds: Readonly<Record<string, string>> = { services: 'service', volumes: 'volume', secrets: 'secret', configs: 'config', networks: 'network', models: 'model' };
  const kind = path.length === 1 ? kinds[String(path[0])] : undefined;
  if (kind !== undefined) return `${kind} name ${JSON.stringify(key)} is not valid`;
  return `${containerOf(path)} has an invalid key ${JSON.stringify(key)}`;
}
