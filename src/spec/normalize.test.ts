import { describe, expect, it } from 'vitest';
import { codesOf, loadMemory } from './testing/load-memory.ts';

const load = (text: string, options = {}) => {
  const result = loadMemory({ '/p/compose.yaml': text }, options);
  expect(codesOf(result)).toEqual([]);
  return result.project!;
};

describe('normalization', () => {
  it('joins services without networks to `default`, declared only when used', () => {
    const p = load('services:\n  web: {image: x}\n  host: {image: y, network_mode: host}\n');
    expect(p.services.web!.networks).toEqual({ default: null });
    expect(p.services.host!.networks).toBeUndefined();
    expect(p.networks).toEqual({ default: { name: 'p_default' } });
    const none = load('services:\n  host: {image: y, network_mode: host}\n');
    expect(none.networks).toEqual({});
  });

  it('names resources `<project>_<key>`, external ones by their key, and keeps explicit names', () => {
    const p = load('name: demo\nservices:\n  web: {image: x, volumes: [a:/a, b:/b, c:/c]}\nvolumes:\n  a: {}\n  b: {external: true}\n  c: {name: custom}\n');
    expect(p.volumes).toEqual({ a: { name: 'demo_a' }, b: { name: 'b', external: true }, c: { name: 'custom' } });
  });

  it('defaults the build context and Dockerfile, and maps pull_policy if_not_present to missing', () => {
    const p = load('services:\n  a: {build: {target: t}, pull_policy: if_not_present}\n  b: {build: {dockerfile_inline: "FROM scratch"}}\n');
    expect(p.services.a!.build).toEqual({ context: '/p', dockerfile: 'Dockerfile', target: 't' });
    expect(p.services.a!.pull_policy).toBe('missing');
    expect(p.services.b!.build).toEqual({ context: '/p', dockerfile_inline: 'FROM scratch' });
  });

  it('adds implicit dependencies for links, service: modes and volumes_from', () => {
    const p = load(
      'services:\n  db: {image: x}\n  cache: {image: x}\n  store: {image: x}\n  web:\n    image: x\n    links: ["db:database"]\n    network_mode: service:cache\n    volumes_from: ["store:ro", "container:abc"]\n    depends_on: {db: {condition: service_healthy}}\n',
    );
    expect(p.services.web!.depends_on).toEqual({
      db: { condition: 'service_healthy', required: true },
      cache: { condition: 'service_started', restart: true, required: true },
      store: { condition: 'service_started', restart: false, required: true },
    });
  });

  it('leaves all that out with --no-normalize', () => {
    const p = load('services:\n  web: {image: x, links: [db]}\n  db: {image: y}\nvolumes: {v: {}}\n', { normalize: false });
    expect(p.services.web!.networks).toBeUndefined();
    expect(p.services.web!.depends_on).toBeUndefined();
    expect(p.volumes).toEqual({ v: {} });
  });
});
