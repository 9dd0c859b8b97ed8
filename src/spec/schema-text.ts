import type { DocumentPath, JsonType } from './schema-walk.ts';
import { jsonTypeOf } from './schema-walk.ts';

/**
 * Words for schema diagnostics, in Compose terms: `service "web"` rather than
 * `/services/web`, "a list" rather than "array", values written as YAML.
 */

const owners: Readonly<Record<string, string>> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

/** The named object a path belongs to (`service "web"`) and the rest of the path (`ports[0]`). */
export function placeOf(path: DocumentPath): { readonly owner?: string; readonly relative: string } {
  const [top, name] = path;
  if (typeof top === 'string' && typeof name === 'string' && owners[top] !== undefined) {
    return { owner: `${owners[top]} ${JSON.stringify(name)}`, relative: renderPath(path.slice(2)) };
  }
  return { relative: renderPath(path) };
}

/** The subject of a sentence about the value at a path: `service "web": "ports[0]"`. */
export function subjectOf(path: DocumentPath): string {
  const { owner, relative } = placeOf(path);
  if (owner !== undefined) return relative === '' ? owner : `${owner}: ${JSON.stringify(relative)}`;
  return relative === '' ? 'the file' : JSON.stringify(relative);
}

/** Where a key sits, after "in": `service "web"`, `"deploy.resources" of service "web"`, `the top level`. */
export function containerOf(path: DocumentPath): string {
  const { owner, relative } = placeOf(path);
  if (owner !== undefined) return relative === '' ? owner : `${JSON.stringify(relative)} of ${owner}`;
  return relative === '' ? 'the top level' : JSON.stringify(relative);
}

/** `ports[0]`, `deploy.resources.limits`, `labels['com.example.tier']`. */
export function renderPath(path: DocumentPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${quoteSingle(segment)}]`;
  }
  return out;
}

const typeWords: Readonly<Record<JsonType, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'a boolean (true or false)',
  null: 'empty',
};

/** "a list", "a number or a string": the types a place accepts. */
export function typePhrase(types: readonly JsonType[]): string {
  const wanted = types.includes('number') ? types.filter((t) => t !== 'integer') : types;
  return joinWords([...new Set(wanted)].map((t) => typeWords[t]), 'or');
}

/** What a value is, for "..., not a string". */
export function valueKind(value: unknown): string {
  const type = jsonTypeOf(value);
  return type === 'integer' ? typeWords.number : type === 'boolean' ? 'a boolean' : typeWords[type];
}

/** "a, b or c". */
export function joinWords(words: readonly string[], conjunction: 'or' | 'and'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** A value as YAML flow text, shortened past `limit` characters: `{ target: 80, published: "8080" }`. */
export function renderValue(value: unknown, limit = 80): string {
  const text = flow(value);
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** Examples for a hint: `"8080:80" or { target: 80 }`. */
export function renderExamples(examples: readonly unknown[]): string {
  return joinWords(
    examples.map((e) => renderValue(e)),
    'or',
  );
}

function flow(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${plainOrQuoted(k)}: ${flow(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function plainOrQuoted(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
}

function quoteSingle(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
