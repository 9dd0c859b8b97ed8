import { describe, expect, it } from 'vitest';
import { serviceHash, serviceHashInput } from './service-hash.ts';
import { loadMemory } from './testing/load-memory.ts';

const service = (text: string) => loadMemory({ '/p/compose.yaml': text }).project!.services.web!;

describe('serviceHash', () => {
  it('ignores what does not change a container: build, pull_policy, scale, deploy.replicas, depends_on, profiles', () => {
    const a = service('services:\n  web:\n    image: x\n    environment: {A: "1"}\n    deploy: {replicas: 1, resources: {limits: {cpus: "1"}}}\n');
    const b = service(
      'services:\n  web:\n    image: x\n    environment: {A: "1"}\n    build: .\n    pull_policy: always\n    scale: 3\n    deploy: {replicas: 3, resources: {limits: {cpus: "1"}}}\n    depends_on: [db]\n  db: {image: y}\n',
    );
    expect(serviceHash(a)).toBe(serviceHash(b));
    expect(serviceHashInput(b)).not.toHaveProperty('build');
    expect(serviceHashInput(b).deploy).toEqual({ resources: { limits: { cpus: 1 } } });
  });

  it('changes with the environment, and not with key order', () => {
    const a = service('services:\n  web:\n    image: x\n    environment: {A: "1", B: "2"}\n');
    const b = service('services:\n  web:\n    environment: {B: "2", A: "1"}\n    image: x\n');
    const c = service('services:\n  web:\n    image: x\n    environment: {A: "1", B: "3"}\n');
    expect(serviceHash(a)).toBe(serviceHash(b));
    expect(serviceHash(a)).not.toBe(serviceHash(c));
    expect(serviceHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });
});
