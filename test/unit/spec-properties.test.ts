import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { composeDocument, composeJson, composeYaml, loadProject, memoryHost, type LoadResult } from '../../src/spec/index.ts';
import { sharedDir } from '../helpers/requirements.ts';

/**
 * Properties of the whole loader: random edits of valid files never crash it
 * (it returns a project or diagnostics, never throws), and loading is
 * deterministic: the same bytes out for the same input, whatever the order
 * of keys in the file.
 */
const SEEDS: readonly string[] = [
  `name: shop
x-common: &common
  restart: unless-stopped
  logging: {driver: json-file, options: {max-size: 10m}}
services:
  web:
    <<: *common
    image: "nginx:\${TAG:-1.27}"
    ports: ["8080:80", "127.0.0.1:8443:443/tcp"]
    volumes: ["./html:/usr/share/nginx/html:ro", "cache:/var/cache/nginx"]
    depends_on:
      api: {condition: service_healthy}
    networks: [front]
  api:
    <<: *common
    build: {context: ./api, args: [VERSION=1]}
    environment: [MODE=prod, DEBUG]
    healthcheck: {test: curl -f localhost:3000, interval: 30s, retries: 3}
    secrets: [api_key]
    networks: [front, back]
  db:
    image: postgres:16
    environment: {POSTGRES_PASSWORD_FILE: /run/secrets/db_password}
    volumes: [{type: volume, source: dbdata, target: /var/lib/postgresql/data}]
    networks: [back]
    profiles: [data]
networks: {front: {}, back: {internal: true}}
volumes: {cache: {}, dbdata: {}}
secrets:
  api_key: {environment: API_KEY}
`,
  `services:
  worker:
    image: busybox
    command: ["sh", "-c", "echo $$HOME && sleep 1"]
    deploy: {replicas: 2, resources: {limits: {cpus: "0.5", memory: 64m}}}
    ulimits: {nofile: {soft: 1024, hard: 2048}}
    extra_hosts: {db: 10.0.0.2}
    stop_grace_period: 1m30s
  cron:
    extends: worker
    command: crond -f
`,
];

function seeds(): string[] {
  const corpus = join(sharedDir(), 'corpus', 'awesome-compose');
  if (!existsSync(corpus)) return [...SEEDS];
  const samples = readdirSync(corpus)
    .sort()
    .slice(0, 12)
    .map((d) => ['compose.yaml', 'compose.yml'].map((f) => join(corpus, d, f)).find(existsSync))
    .filter((p): p is string => p !== undefined);
  return [...SEEDS, ...samples.map((p) => readFileSync(p, 'utf8'))];
}

function load(text: string, env: Record<string, string> = {}): LoadResult {
  return loadProject({ files: ['/p/compose.yaml'], env: { HOME: '/home/u', ...env }, cwd: '/p', host: memoryHost({ '/p/compose.yaml': text, '/p/.env': 'TAG=2\n' }) });
}

function assertWellFormed(result: LoadResult): void {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(result.project === undefined).toBe(errors.length > 0);
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^STK[123]\d{3}$/);
    expect(d.hint).toBeTruthy();
    expect(d.message).not.toMatch(/must be equal to one of the allowed values|must NOT have additional properties/);
  }
}

/** A text edit: delete, insert or replace a slice, duplicate or drop a line, re-indent a line. */
const textEdit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(':', '- ', '{', '[', '${', '$', '&a ', '*a', '!reset ', '<<: ', '\n  ', '"', "'", '#', '\t', ' ', '0', 'null', 'true', '~')) }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), op: fc.constantFrom('duplicate', 'drop', 'indent', 'dedent') }),
);

type Edit = typeof textEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, edit: Edit): string {
  if (edit.kind === 'delete') {
    const at = edit.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + edit.length);
  }
  if (edit.kind === 'insert') {
    const at = edit.at % (text.length + 1);
    return text.slice(0, at) + edit.text + text.slice(at);
  }
  const lines = text.split('\n');
  const i = edit.at % lines.length;
  const line = lines[i]!;
  if (edit.op === 'duplicate') lines.splice(i, 0, line);
  else if (edit.op === 'drop') lines.splice(i, 1);
  else if (edit.op === 'indent') lines[i] = '  ' + line;
  else lines[i] = line.replace(/^ {1,2}/, '');
  return lines.join('\n');
}

/** Structural edits of the parsed value: drop keys, change types, wrap values in lists, add keys. */
const valueEdit = fc.record({ path: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), op: fc.constantFrom('drop', 'number', 'string', 'bool', 'null', 'wrap', 'object', 'addKey') });

function applyValueEdit(value: unknown, edit: { path: number[]; op: string }): unknown {
  const [head, ...rest] = edit.path;
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as [string, unknown]) : Object.entries(value);
    if (entries.length === 0) return edit.op === 'addKey' ? { extra: 1 } : value;
    const index = head! % entries.length;
    if (rest.length > 0 && entries[index]![1] !== null && typeof entries[index]![1] === 'object') {
      const next = entries.map(([k, v], i) => [k, i === index ? applyValueEdit(v, { path: rest, op: edit.op }) : v] as [string, unknown]);
      return Array.isArray(value) ? next.map(([, v]) => v) : Object.fromEntries(next);
    }
    const [key, target] = entries[index]!;
    const replaced: Record<string, () => unknown> = {
      number: () => 42,
      string: () => 'text',
      bool: () => true,
      null: () => null,
      wrap: () => [target],
      object: () => ({ key: target }),
      addKey: () => target,
    };
    if (edit.op === 'drop') {
      const kept = entries.filter((_, i) => i !== index);
      return Array.isArray(value) ? kept.map(([, v]) => v) : Object.fromEntries(kept);
    }
    const next = entries.map(([k, v]) => [k, k === key ? replaced[edit.op]!() : v] as [string, unknown]);
    if (edit.op === 'addKey' && !Array.isArray(value)) next.push(['added_key', 'value']);
    return Array.isArray(value) ? next.map(([, v]) => v) : Object.fromEntries(next);
  }
  return value;
}

/** A shuffle of every mapping's keys, at every level; `pick(max)` chooses an index from 0 to max. */
function shuffleKeys(value: unknown, pick: (max: number) => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, pick));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = pick(i);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, pick)]));
}

const printed = (result: LoadResult) => (result.project ? composeJson(composeDocument(result.project)) : JSON.stringify(result.diagnostics));

describe('loader properties', () => {
  const texts = seeds();

  it('the seed files load', () => {
    for (const text of texts) expect(load(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('never throws on random text edits of valid files: a project or diagnostics', () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(textEdit, { minLength: 1, maxLength: 4 }), (text, edits) => {
        assertWellFormed(load(edits.reduce(applyEdit, text)));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on random structural edits (types, keys, wrapping)', () => {
    const values = texts.map((t) => load(t).project).filter((p) => p !== undefined).map((p) => composeDocument(p!));
    fc.assert(
      fc.property(fc.constantFrom(...values), fc.array(valueEdit, { minLength: 1, maxLength: 4 }), (value, edits) => {
        const edited = edits.reduce<unknown>((v, e) => applyValueEdit(v, e), value);
        assertWellFormed(load(stringify(edited)));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same bytes for the same input, valid or not', () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(textEdit, { maxLength: 2 }), (text, edits) => {
        const edited = edits.reduce(applyEdit, text);
        expect(printed(load(edited))).toBe(printed(load(edited)));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same output whatever the order of keys in the file', () => {
    const values = texts.map((t) => load(t).project).filter((p) => p !== undefined).map((p) => composeDocument(p!));
    fc.assert(
      fc.property(fc.constantFrom(...values), fc.gen(), (value, g) => {
        // fast-check draws every swap, so a failure replays and shrinks like any other input.
        const shuffled = shuffleKeys(value, (max) => g(fc.integer, { min: 0, max }));
        const a = load(stringify(value));
        const b = load(stringify(shuffled));
        expect(b.project).toBeDefined();
        expect(composeYaml(composeDocument(b.project!))).toBe(composeYaml(composeDocument(a.project!)));
        expect(composeJson(composeDocument(b.project!))).toBe(composeJson(composeDocument(a.project!)));
      }),
      { numRuns: 150 },
    );
  });
});
