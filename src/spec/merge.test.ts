import { describe, expect, it } from 'vitest';
import { codesOf, loadMemory } from './testing/load-memory.ts';

const merged = (base: string, override: string) => {
  const result = loadMemory({ '/p/compose.yaml': base, '/p/compose.override.yaml': override }, { files: ['/p/compose.yaml', '/p/compose.override.yaml'], normalize: false });
  expect(codesOf(result)).toEqual([]);
  return result.project!;
};

describe('merging override files', () => {
  it('merges mappings, the later value winning, and appends sequences', () => {
    const p = merged(
      'services:\n  web:\n    image: nginx\n    environment: {A: "1", B: "1"}\n    cap_add: [NET_ADMIN]\n    dns: [1.1.1.1]\n',
      'services:\n  web:\n    image: httpd\n    environment: {B: "2", C: "3"}\n    cap_add: [SYS_TIME, NET_ADMIN]\n    dns: 8.8.8.8\n',
    );
    expect(p.services.web).toMatchObject({ image: 'httpd', environment: { A: '1', B: '2', C: '3' }, cap_add: ['NET_ADMIN', 'SYS_TIME'], dns: ['1.1.1.1', '8.8.8.8'] });
  });

  it('replaces command, entrypoint and healthcheck.test', () => {
    const p = merged(
      'services:\n  web:\n    image: x\n    command: [a, b]\n    entrypoint: sh\n    healthcheck: {test: [CMD, a], retries: 3}\n',
      'services:\n  web:\n    command: c\n    entrypoint: [bash, -c]\n    healthcheck: {test: curl x}\n',
    );
    expect(p.services.web).toMatchObject({ command: ['c'], entrypoint: ['bash', '-c'], healthcheck: { test: ['CMD-SHELL', 'curl x'], retries: 3 } });
  });

  it('merges ports, volumes, secrets and env_file by their key, in place', () => {
    const p = merged(
      'services:\n  web:\n    image: x\n    ports: ["80:80", "443:443"]\n    volumes: ["./a:/data", "logs:/logs"]\n    secrets: [s1]\n    env_file: [a.env]\nvolumes: {logs: {}, other: {}}\nsecrets: {s1: {file: s}, s2: {file: s}}\n',
      'services:\n  web:\n    ports: ["80:80", "8080:8080"]\n    volumes: ["other:/data:ro"]\n    secrets: [{source: s2, target: /run/secrets/s1}]\n    env_file: [{path: a.env, required: false}]\n',
    );
    const web = p.services.web!;
    expect(web.ports!.map((port) => port.published)).toEqual(['80', '443', '8080']);
    expect(web.volumes!.map((v) => [v.target, v.source, v.read_only])).toEqual([['/data', 'other', true], ['/logs', 'logs', undefined]]);
    expect(web.secrets).toEqual([{ source: 's2', target: '/run/secrets/s1' }]);
    expect(web.env_file).toEqual([{ path: '/p/a.env', required: false }]);
  });

  it('replaces logging when the driver changes and merges its options when not', () => {
    const same = merged('services:\n  web:\n    image: x\n    logging: {driver: json-file, options: {max-size: 1m}}\n', 'services:\n  web:\n    logging: {driver: json-file, options: {max-file: "3"}}\n');
    expect(same.services.web!.logging).toEqual({ driver: 'json-file', options: { 'max-size': '1m', 'max-file': '3' } });
    const other = merged('services:\n  web:\n    image: x\n    logging: {driver: json-file, options: {max-size: 1m}}\n', 'services:\n  web:\n    logging: {driver: syslog}\n');
    expect(other.services.web!.logging).toEqual({ driver: 'syslog' });
  });

  it('drops a value with !reset and replaces one unmerged with !override', () => {
    const p = merged(
      'services:\n  web:\n    image: x\n    ports: ["80:80"]\n    environment: {A: "1"}\n    labels: {a: b}\n',
      'services:\n  web:\n    ports: !reset []\n    environment: !override {B: "2"}\n    labels: !reset null\n',
    );
    expect(p.services.web!.ports).toBeUndefined();
    expect(p.services.web!.labels).toBeUndefined();
    expect(p.services.web!.environment).toEqual({ B: '2' });
  });

  it('keeps a merged value pointing into the file that set it', () => {
    const result = loadMemory(
      { '/p/compose.yaml': 'services:\n  web:\n    image: x\n', '/p/compose.override.yaml': 'services:\n  web:\n    depends_on: [db]\n' },
      { files: ['/p/compose.yaml', '/p/compose.override.yaml'] },
    );
    expect(result.diagnostics.map((d) => [d.code, d.file, d.range?.start.line])).toEqual([['STK3001', '/p/compose.override.yaml', 3]]);
  });
});
