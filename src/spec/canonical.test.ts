import { describe, expect, it } from 'vitest';
import { canonicalizeDocument } from './canonical.ts';
import { parseOne } from './testing/load-memory.ts';

const canonical = (text: string) => {
  const { document, origins } = parseOne(text);
  const result = canonicalizeDocument(document, origins);
  return { ...result, origins, services: result.document.services as Record<string, Record<string, unknown>> };
};

describe('canonicalizeDocument', () => {
  it('turns short service forms into long ones', () => {
    const { services, diagnostics } = canonical(`services:
  web:
    build: ./app
    command: npm start --port "80 80"
    environment: [A=1, B, C=]
    labels: [com.x=y, flag]
    env_file: .env
    depends_on: [db]
    networks: [front]
    secrets: [token]
    healthcheck: {test: curl -f localhost, interval: 90s}
    extra_hosts: ["zed:10.0.0.2", "alpha=10.0.0.1"]
    expose: [80, "443"]
    dns: 8.8.8.8
    mem_limit: 1g
    cpus: "0.5"
    extends: base
`);
    expect(diagnostics).toEqual([]);
    expect(services.web).toEqual({
      build: { context: './app' },
      command: ['npm', 'start', '--port', '80 80'],
      environment: { A: '1', B: null, C: '' },
      labels: { 'com.x': 'y', flag: '' },
      env_file: [{ path: '.env' }],
      depends_on: { db: { condition: 'service_started', required: true } },
      networks: { front: null },
      secrets: [{ source: 'token' }],
      healthcheck: { test: ['CMD-SHELL', 'curl -f localhost'], interval: '1m30s' },
      extra_hosts: ['alpha=10.0.0.1', 'zed=10.0.0.2'],
      expose: ['80', '443'],
      dns: ['8.8.8.8'],
      mem_limit: '1073741824',
      cpus: 0.5,
      extends: { service: 'base' },
    });
  });

  it('expands port ranges and fills long-form port defaults', () => {
    const { services } = canonical('services:\n  web:\n    ports: ["8000-8001:80-81", {target: 443, published: 8443}]\n');
    expect(services.web!.ports).toEqual([
      { mode: 'ingress', target: 80, published: '8000', protocol: 'tcp' },
      { mode: 'ingress', target: 81, published: '8001', protocol: 'tcp' },
      { target: 443, published: '8443', mode: 'ingress', protocol: 'tcp' },
    ]);
  });

  it('keeps the origin of a short form on what it expands to', () => {
    const { document, origins } = canonical('services:\n  web:\n    image: x\n    volumes:\n      - ./data:/data\n');
    expect(origins.locate(document, ['services', 'web', 'volumes', 0, 'source'])?.value?.start).toEqual({ line: 5, column: 9 });
  });

  it('normalizes resources: external with a name, null entries, labels and options as maps', () => {
    const { document } = canonical('networks:\n  a:\n  b:\n    external:\n      name: real\n  c:\n    labels: [x=1]\n    driver_opts: {mtu: 1400}\n');
    expect(document.networks).toEqual({ a: {}, b: { external: true, name: 'real' }, c: { labels: { x: '1' }, driver_opts: { mtu: '1400' } } });
  });

  it('turns include shorthands into entries with a list of paths', () => {
    const { document } = canonical('include:\n  - a.yaml\n  - path: b.yaml\n    env_file: b.env\n');
    expect(document.include).toEqual([{ path: ['a.yaml'] }, { path: ['b.yaml'], env_file: ['b.env'] }]);
  });

  it.each([
    ['ports: ["1:2:3:4"]', 'STK3020', 4, 13],
    ['volumes: ["a:b:c:d"]', 'STK3021', 4, 15],
    ['stop_grace_period: forever', 'STK3022', 4, 24],
    ['shm_size: huge', 'STK3023', 4, 15],
    ['command: "echo \\"oops"', 'STK1010', 4, 14],
  ])('reports a bad short form: %s', (line, code, l, c) => {
    const { diagnostics } = canonical(`services:\n  web:\n    image: x\n    ${line}\n`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([[code, l, c]]);
  });
});

describe('ulimits', () => {
  it('keeps a single number as {single} and soft/hard as they are', () => {
    const { services } = canonical('services:\n  web:\n    image: x\n    ulimits: {nproc: 65535, nofile: {soft: 1, hard: 2}}\n    build: {context: ., ulimits: {nproc: 3}}\n');
    expect(services.web!.ulimits).toEqual({ nproc: { single: 65535 }, nofile: { soft: 1, hard: 2 } });
    expect((services.web!.build as Record<string, unknown>).ulimits).toEqual({ nproc: { single: 3 } });
  });
});
