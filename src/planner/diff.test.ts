import { describe, expect, it } from 'vitest';
import { describeChanges, diffServiceConfig, formatPath } from './diff.ts';
import type { ServiceHashInput } from './hash.ts';

const input = (service: Record<string, unknown>, files: Record<string, string | null> = {}, contents: Record<string, string | null> = {}): ServiceHashInput => ({
  service,
  files,
  contents,
});

describe('diffServiceConfig', () => {
  it('names changed leaves as field paths a user recognises', () => {
    const before = input({ image: 'nginx:1', environment: { MODE: 'dev', KEEP: 'x' }, ports: [{ target: 80, published: '8080' }], labels: { 'com.example.tier': 'a' } });
    const after = input({ image: 'nginx:2', environment: { MODE: 'prod', KEEP: 'x' }, ports: [{ target: 80, published: '9090' }], labels: { 'com.example.tier': 'b' } });
    expect(diffServiceConfig(after, before, '/srv/app')).toEqual(['environment.MODE', 'image', 'labels["com.example.tier"]', 'ports[0].published']);
  });

  it('reports a field present on one side only where it starts', () => {
    expect(diffServiceConfig(input({ image: 'x', healthcheck: { test: ['CMD', 'true'] } }), input({ image: 'x' }), '/srv/app')).toEqual(['healthcheck']);
    expect(diffServiceConfig(input({ command: ['a', 'b'] }), input({ command: ['a'] }), '/srv/app')).toEqual(['command[1]']);
  });

  it('names changed files relative to the project and changed inline contents', () => {
    const before = input({ image: 'x' }, { '/srv/app/web.env': 'sha256:1', '/etc/shared.env': 'sha256:1' }, { 'config:site': 'a' });
    const after = input({ image: 'x' }, { '/srv/app/web.env': 'sha256:2', '/etc/shared.env': 'sha256:2' }, { 'config:site': 'b' });
    expect(diffServiceConfig(after, before, '/srv/app')).toEqual(['config site content', 'file /etc/shared.env', 'file web.env']);
  });

  it('finds nothing between equal configs whatever their key order', () => {
    expect(diffServiceConfig(input({ a: 1, b: { c: 2, d: 3 } }), input({ b: { d: 3, c: 2 }, a: 1 }), '/')).toEqual([]);
  });
});

describe('formatPath and describeChanges', () => {
  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['sysctls', 'net.core.somaxconn'])).toBe('sysctls["net.core.somaxconn"]');
    expect(formatPath(['ulimits', 'nofile', 'soft'])).toBe('ulimits.nofile.soft');
  });

  it('keeps a reason short when many fields changed', () => {
    expect(describeChanges(['a', 'b'])).toBe('a, b');
    expect(describeChanges(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c, d and 2 more');
  });
});
