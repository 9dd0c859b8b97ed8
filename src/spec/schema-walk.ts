/**
 * Reading the Compose schema the way a person reads it: "what applies at
 * services.web.ports[0]?". ajv's standalone errors carry schema paths relative
 * to whichever $def was compiled into its own function, so they cannot be
 * resolved on their own; this walker starts from the root instead and follows
 * the document, choosing the oneOf branch whose type fits the value (the
 * schema's oneOf branches are type-disjoint: see schema-invariants.test.ts).
 */

/** A JSON Schema object, as stored in schemas/compose.schema.json. */
export type SchemaObject = Readonly<Record<string, unknown>>;

/** A path in a document: keys of mappings and indexes of lists. */
export type DocumentPath = readonly (string | number)[];

/** The JSON type names of JSON Schema (with integer apart from number). */
export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of a document, or undefined when the path leaves it. */
export function valueAt(document: unknown, path: DocumentPath): unknown {
  let value = document;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isSchemaObject(value) && Object.hasOwn(value, segment)) value = value[String(segment)];
    else return undefined;
  }
  return value;
}

/**
 * Splits an ajv instancePath (a JSON pointer) into a document path, with list
 * indexes as numbers: the document decides, since "0" may be a mapping key.
 */
export function pathFromPointer(pointer: string, document: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let value = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: string | number = Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    value = valueAt(value, [segment]);
  }
  return path;
}

/** The types a schema accepts (following $ref and oneOf), or undefined for "any". */
export function acceptedTypes(root: SchemaObject, node: unknown): readonly JsonType[] | undefined {
  const resolved = resolve(root, node);
  if (resolved === undefined) return undefined;
  const own = resolved.type;
  if (typeof own === 'string') return [own as JsonType];
  if (Array.isArray(own)) return own as JsonType[];
  if (Array.isArray(resolved.oneOf)) {
    const all: JsonType[] = [];
    for (const branch of resolved.oneOf) {
      const types = acceptedTypes(root, branch);
      if (types === undefined) return undefined;
      all.push(...types);
    }
    return all;
  }
  return undefined;
}

export function typeAccepts(types: readonly JsonType[] | undefined, value: unknown): boolean {
  if (types === undefined) return true;
  const actual = jsonTypeOf(value);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

/**
 * The schema objects that apply at a path, outermost first: the node where the
 * key is declared (its description and examples speak of this place), then
 * what its $ref points to, then the oneOf branch that fits the value.
 * Empty when the path is not described by the schema (an x- key, say).
 */
export function schemaChainAt(root: SchemaObject, document: unknown, path: DocumentPath): readonly SchemaObject[] {
  let chain = expand(root, root, document);
  let value = document;
  for (const segment of path) {
    const child = valueAt(value, [segment]);
    const next: SchemaObject[] = [];
    for (const node of chain) for (const candidate of childSchemas(node, segment)) next.push(...expand(root, candidate, child));
    chain = next;
    value = child;
    if (chain.length === 0) break;
  }
  return chain;
}

/** The first value of an annotation (`description`, `examples`...) along a chain. */
export function firstAnnotation(chain: readonly SchemaObject[], keyword: string): unknown {
  for (const node of chain) if (node[keyword] !== undefined) return node[keyword];
  return undefined;
}

/** The keys a mapping may have at this place, and whether x- extension keys are allowed there. */
export function allowedKeys(chain: readonly SchemaObject[]): { readonly keys: readonly string[]; readonly extensions: boolean } {
  const keys = new Set<string>();
  let extensions = false;
  for (const node of chain) {
    if (isSchemaObject(node.properties)) for (const key of Object.keys(node.properties)) keys.add(key);
    if (isSchemaObject(node.patternProperties) && Object.hasOwn(node.patternProperties, '^x-')) extensions = true;
  }
  return { keys: [...keys].sort(), extensions };
}

/** The node a $ref points to (local JSON pointers only: the schema is one file). */
export function resolve(root: SchemaObject, node: unknown): SchemaObject | undefined {
  let current = node;
  for (let hops = 0; isSchemaObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) return undefined;
    current = pointerTarget(root, current.$ref);
  }
  return isSchemaObject(current) ? current : undefined;
}

function pointerTarget(root: SchemaObject, ref: string): unknown {
  const hash = ref.indexOf('#');
  if (hash === -1) return undefined;
  let value: unknown = root;
  for (const raw of ref.slice(hash + 1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    value = isSchemaObject(value) ? value[key] : undefined;
  }
  return value;
}

function expand(root: SchemaObject, node: unknown, value: unknown): SchemaObject[] {
  if (!isSchemaObject(node)) return [];
  const out: SchemaObject[] = [node];
  if (typeof node.$ref === 'string') out.push(...expand(root, pointerTarget(root, node.$ref), value));
  if (Array.isArray(node.oneOf)) {
    const branch = node.oneOf.find((b) => typeAccepts(acceptedTypes(root, b), value));
    if (branch !== undefined) out.push(...expand(root, branch, value));
  }
  return out;
}

function childSchemas(node: SchemaObject, segment: string | number): unknown[] {
  if (typeof segment === 'number') return node.items === undefined ? [] : [node.items];
  if (isSchemaObject(node.properties) && Object.hasOwn(node.properties, segment)) return [node.properties[segment]];
  const matches: unknown[] = [];
  if (isSchemaObject(node.patternProperties)) {
    for (const [pattern, schema] of Object.entries(node.patternProperties)) if (new RegExp(pattern, 'u').test(segment)) matches.push(schema);
  }
  if (matches.length === 0 && node.additionalProperties !== undefined && node.additionalProperties !== false) matches.push(node.additionalProperties);
  return matches;
}
