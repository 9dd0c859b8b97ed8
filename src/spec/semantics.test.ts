import { describe, expect, it } from 'vitest';
import { codesOf, loadMemory } from './testing/load-memory.ts';

const check = (text: string, options = {}) => codesOf(loadMemory({ '/p/compose.yaml': text }, options));

describe('semantic checks', () => {
  it('finds references to undefined networks, volumes, secrets, configs and services', () => {
    expect(
      check(`services:
  web:
    image: x
    networks: [front]
    volumes: [data:/data, ./bind:/bind]
    secrets: [s]
    configs: [c]
    depends_on: [api]
    build: {context: ., secrets: [bs]}
`),
    ).toEqual([
      { code: 'STK3002', line: 4, column: 16 },
      { code: 'STK3003', line: 5, column: 15 },
      { code: 'STK3004', line: 6, column: 15 },
      { code: 'STK3005', line: 7, column: 15 },
      { code: 'STK3001', line: 8, column: 18 },
      { code: 'STK3004', line: 9, column: 35 },
    ]);
  });

  it('names a dependency cycle from its smallest service, once', () => {
    const result = loadMemory({ '/p/compose.yaml': 'services:\n  c: {image: x, depends_on: [a]}\n  b: {image: x, depends_on: [c]}\n  a: {image: x, depends_on: [b]}\n' });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['STK3006', 'dependency cycle: a -> b -> c -> a']]);
  });

  it('counts implicit dependencies (links, volumes_from) in cycles', () => {
    expect(check('services:\n  a: {image: x, links: [b]}\n  b: {image: x, volumes_from: [a]}\n').map((d) => d.code)).toEqual(['STK3006']);
  });

  it('rejects external resources with settings Compose would not apply', () => {
    expect(check('services:\n  web: {image: x, volumes: [v:/v]}\nvolumes:\n  v:\n    external: true\n    driver: local\n    labels: {a: b}\n')).toEqual([
      { code: 'STK3010', line: 6, column: 5 },
      { code: 'STK3010', line: 7, column: 5 },
    ]);
    expect(check('services:\n  web: {image: x, volumes: [v:/v]}\nvolumes:\n  v:\n    external: true\n    name: real\n    x-note: fine\n')).toEqual([]);
  });

  it('checks consistency only when asked', () => {
    const text = 'services:\n  web:\n    image: x\n    container_name: one\n    scale: 2\n    depends_on: [nope]\n';
    expect(check(text).map((d) => d.code)).toEqual(['STK3014', 'STK3001']);
    expect(check(text, { consistency: false })).toEqual([]);
  });

  it('accepts a provider service without an image', () => {
    expect(check('services:\n  ai:\n    provider: {type: model, options: {model: x}}\n')).toEqual([]);
  });

  it('does not check services disabled by profiles', () => {
    expect(check('services:\n  web: {image: x}\n  tool: {profiles: [t], networks: [nowhere]}\n')).toEqual([]);
  });
});
