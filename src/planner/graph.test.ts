import { describe, expect, it } from 'vitest';
import { buildGraph } from './graph.ts';
import { projectBuilder } from './testing/project-builder.ts';

const started = { condition: 'service_started', required: true } as const;

describe('buildGraph', () => {
  it('has a node per service, used network, used volume and image, with edges from each to what needs it', () => {
    const project = projectBuilder()
      .service('web', { image: 'nginx', networks: { front: null }, volumes: [{ type: 'volume', source: 'data', target: '/d' }], depends_on: { db: started } })
      .service('db', { image: 'postgres' })
      .network('front')
      .network('unused')
      .volume('data')
      .build();
    const { graph, diagnostics } = buildGraph(project);
    expect(diagnostics).toEqual([]);
    expect(graph.nodes().sort()).toEqual(['image:nginx', 'image:postgres', 'network:default', 'network:front', 'service:db', 'service:web', 'volume:data']);
    expect(graph.edges().map((e) => `${e.v} -> ${e.w}`).sort()).toEqual([
      'image:nginx -> service:web',
      'image:postgres -> service:db',
      'network:default -> service:db',
      'network:front -> service:web',
      'service:db -> service:web',
      'volume:data -> service:web',
    ]);
  });

  it('gives a built service the image <project>-<service>', () => {
    const { graph } = buildGraph(projectBuilder('shop').service('api', { build: { context: '.' } }).build());
    expect(graph.hasEdge('image:shop-api', 'service:api')).toBe(true);
  });

  it('orders services after their dependencies, ties by name', () => {
    const project = projectBuilder()
      .service('web', { image: 'x', depends_on: { api: started } })
      .service('api', { image: 'x', depends_on: { db: started, cache: started } })
      .service('db', { image: 'x' })
      .service('cache', { image: 'x' })
      .service('admin', { image: 'x' })
      .build();
    expect(buildGraph(project).order).toEqual(['admin', 'cache', 'db', 'api', 'web']);
  });

  it('turns links, volumes_from and service: namespaces into dependencies that restart, except volumes_from', () => {
    const project = projectBuilder()
      .service('a', { image: 'x', links: ['b:alias'], volumes_from: ['c:ro', 'container:outside'], network_mode: 'service:d', ipc: 'service:e', pid: 'service:d' })
      .service('b', { image: 'x' })
      .service('c', { image: 'x' })
      .service('d', { image: 'x' })
      .service('e', { image: 'x' })
      .build();
    const deps = buildGraph(project).dependencies.a ?? [];
    expect(deps.map((d) => [d.service, d.kinds.join('+'), d.condition, d.restart, d.required])).toEqual([
      ['b', 'links', 'service_started', true, true],
      ['c', 'volumes_from', 'service_started', false, true],
      ['d', 'network_mode+pid', 'service_started', true, true],
      ['e', 'ipc', 'service_started', true, true],
    ]);
  });

  it('lets an explicit depends_on entry decide the condition of an implicit dependency', () => {
    const project = projectBuilder()
      .service('a', { image: 'x', links: ['b'], depends_on: { b: { condition: 'service_healthy', restart: false, required: true } } })
      .service('b', { image: 'x' })
      .build();
    const [dep] = buildGraph(project).dependencies.a ?? [];
    expect(dep).toEqual({ service: 'b', kinds: ['depends_on', 'links'], condition: 'service_healthy', restart: false, required: true });
  });

  it('reports a circle once, from its smallest service, following dependencies', () => {
    const project = projectBuilder()
      .service('c', { image: 'x', depends_on: { a: started } })
      .service('b', { image: 'x', volumes_from: ['c'] })
      .service('a', { image: 'x', links: ['b'] })
      .build();
    const { diagnostics } = buildGraph(project);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['STK4001', 'error']]);
    expect(diagnostics[0]?.message).toContain('a -> b -> c -> a');
    expect(diagnostics[0]?.related?.length).toBe(3);
  });

  it('reports each separate circle and a service depending on itself, in name order', () => {
    const project = projectBuilder()
      .service('z', { image: 'x', depends_on: { y: started } })
      .service('y', { image: 'x', depends_on: { z: started } })
      .service('self', { image: 'x', depends_on: { self: started } })
      .service('b', { image: 'x', depends_on: { a: started } })
      .service('a', { image: 'x', depends_on: { b: started } })
      .build();
    const messages = buildGraph(project).diagnostics.map((d) => d.message.slice(d.message.indexOf(': ') + 2));
    expect(messages).toEqual(['a -> b -> a', 'self -> self', 'y -> z -> y']);
  });

  it('names the same circle whatever order the services were declared in', () => {
    const forward = projectBuilder()
      .service('a', { image: 'x', depends_on: { b: started } })
      .service('b', { image: 'x', depends_on: { c: started } })
      .service('c', { image: 'x', depends_on: { a: started, b: started } })
      .build();
    const backward = projectBuilder()
      .service('c', { image: 'x', depends_on: { b: started, a: started } })
      .service('b', { image: 'x', depends_on: { c: started } })
      .service('a', { image: 'x', depends_on: { b: started } })
      .build();
    expect(buildGraph(forward).diagnostics).toEqual(buildGraph(backward).diagnostics);
  });

  it('reports a required dependency that is missing or disabled by a profile, and drops an optional one', () => {
    const project = projectBuilder()
      .service('web', {
        image: 'x',
        depends_on: { ghost: started, debug: started, metrics: { condition: 'service_started', required: false } },
      })
      .disabled('debug', { image: 'x', profiles: ['dev'] })
      .build();
    const { diagnostics, dependencies } = buildGraph(project);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['STK4002', 'STK4003']);
    expect(dependencies.web).toEqual([]);
  });

  it('reports networks and volumes a service uses but the project does not declare', () => {
    const project = projectBuilder()
      .service('web', { image: 'x', networks: { nowhere: null }, volumes: [{ type: 'volume', source: 'lost', target: '/l' }] })
      .build();
    expect(buildGraph(project).diagnostics.map((d) => d.code).sort()).toEqual(['STK4011', 'STK4012']);
  });

  it('lists each service\'s dependents', () => {
    const project = projectBuilder()
      .service('db', { image: 'x' })
      .service('worker', { image: 'x', depends_on: { db: started } })
      .service('api', { image: 'x', depends_on: { db: started } })
      .build();
    expect(buildGraph(project).dependents).toEqual({ api: [], db: ['api', 'worker'], worker: [] });
  });
});
