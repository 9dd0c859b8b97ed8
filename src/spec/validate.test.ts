import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../base/index.ts';
import { locatorFor } from './locate.ts';
import { validateDocument } from './validate.ts';

function check(text: string): Diagnostic[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true });
  expect(doc.errors).toEqual([]);
  return validateDocument(doc.toJS(), 'compose.yaml', locatorFor(doc, lineCounter));
}

/** code@line:column, the way tests state diagnostics. */
function where(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.range?.start.line}:${d.range?.start.column}`);
}

describe('validateDocument', () => {
  it('accepts a valid file, extension keys and interpolated strings included', () => {
    const text = [
      'x-defaults: &defaults',
      '  restart: unless-stopped',
      'services:',
      '  web:',
      '    <<: *defaults',
      '    image: nginx:1.27',
      '    ports: ["8080:80", 443, { target: 81, published: "8081" }]',
      '    environment: { DEBUG: null, LEVEL: 3 }',
      '    depends_on: { db: { condition: service_healthy } }',
      '    x-owner: team-a',
      '  db:',
      '    image: postgres:16',
      '    cpus: "0.5"',
      '    init: "true"',
      '    healthcheck: { test: ["CMD", "pg_isready"] }',
      'networks:',
      '  default:',
      '  back: { internal: true, x-note: 1 }',
      'volumes: { data: }',
    ].join('\n');
    expect(check(text)).toEqual([]);
  });

  it('reports each offending value once, whatever the number of forms the schema allows', () => {
    const text = ['services:', '  web:', '    image: nginx', '    ports:', '      - true', '      - [80]', '      - { target: 80, publishd: 8080 }'].join('\n');
    expect(where(check(text))).toEqual(['STK2008@5:9', 'STK2008@6:9', 'STK2001@7:23']);
  });

  it('keeps the errors of the form the value has: a list for environment, so the bad item', () => {
    const text = ['services:', '  web:', '    image: nginx', '    environment:', '      - FOO: bar'].join('\n');
    expect(where(check(text))).toEqual(['STK2002@5:9']);
  });

  it('suggests the key a typo meant, and where a misplaced key belongs', () => {
    const text = ['services:', '  web:', '    imagee: nginx', '    replicas: 2'].join('\n');
    const diagnostics = check(text);
    expect(where(diagnostics)).toEqual(['STK2001@3:5', 'STK2001@4:5']);
    expect(diagnostics[0]?.hint).toContain('"image"');
    expect(diagnostics[1]?.hint).toContain('"deploy"');
  });

  it('rejects an unknown key at the top level and in a service, as Compose does', () => {
    const text = ['servics:', '  web:', '    image: nginx', 'services:', '  web:', '    image: nginx', '    wrongField: 1'].join('\n');
    expect(where(check(text))).toEqual(['STK2001@1:1', 'STK2001@7:5']);
  });

  it('lists the allowed values of an enum, with the closest first', () => {
    const diagnostics = check(['services:', '  web:', '    image: nginx', '    cgroup: hots'].join('\n'));
    expect(where(diagnostics)).toEqual(['STK2003@4:13']);
    expect(diagnostics[0]?.hint).toMatch(/"host".*"private"/);
  });

  it('points a missing key at the mapping that lacks it', () => {
    const text = ['services:', '  web:', '    image: nginx', '    depends_on:', '      db:', '        restart: true', '    ulimits:', '      nofile: { soft: 1 }'].join('\n');
    expect(where(check(text))).toEqual(['STK2005@5:7', 'STK2005@8:7']);
  });

  it('points a duplicate at its second occurrence and relates the first', () => {
    const text = ['services:', '  web:', '    image: nginx', '    ports:', '      - { target: 80 }', '      - "8080:80"', '      - { target: 80 }'].join('\n');
    const diagnostics = check(text);
    expect(where(diagnostics)).toEqual(['STK2006@7:9']);
    expect(diagnostics[0]?.related?.[0]?.range?.start).toEqual({ line: 5, column: 9 });
  });

  it('reports invalid names on the key, for services and for dependencies', () => {
    const text = ['services:', '  "my web":', '    image: nginx', '  web:', '    image: nginx', '    depends_on: ["db"]', '    networks:', '      "front end":'].join('\n');
    expect(where(check(text))).toEqual(['STK2009@2:3', 'STK2009@8:7']);
  });

  it('points an empty value at its key', () => {
    expect(where(check(['services:', '  web:', '    image:'].join('\n')))).toEqual(['STK2002@3:5']);
  });

  it('rejects a file that is not a mapping', () => {
    expect(where(check('- web\n- db\n'))).toEqual(['STK2002@1:1']);
  });

  it('allows x- keys where Compose does, and not where it does not', () => {
    const text = ['x-top: 1', 'services:', '  web:', '    image: nginx', '    x-in-service: 1', '    logging: { driver: local, x-in-logging: 1 }', '    extends: { service: base, x-in-extends: 1 }'].join('\n');
    expect(where(check(text))).toEqual(['STK2001@7:31']);
  });

  it('gives the same diagnostics, in the same order, every time', () => {
    const text = ['services:', '  b:', '    image: 1', '  a:', '    imag: x', 'volumes:', '  v: { drivr: x }'].join('\n');
    const first = check(text);
    expect(check(text)).toEqual(first);
    expect(where(first)).toEqual(['STK2002@3:12', 'STK2001@5:5', 'STK2001@7:8']);
  });

  it('gives every diagnostic a hint', () => {
    const text = ['services:', '  web:', '    image: [1]', '    cpu_percent: 500', '    pull_policy: sometimes', '    cap_add: [A, A]', '    post_start: [{ user: root }]'].join('\n');
    const diagnostics = check(text);
    expect(where(diagnostics)).toEqual(['STK2002@3:12', 'STK2007@4:18', 'STK2004@5:18', 'STK2006@6:18', 'STK2005@7:18']);
    for (const d of diagnostics) expect(d.hint ?? '').not.toBe('');
  });
});
