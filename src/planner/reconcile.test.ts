import { describe, expect, it } from 'vitest';
import type { Project } from '../spec/index.ts';
import type { CreateContainerAction } from './actions.ts';
import { snapshotHash } from './hash.ts';
import type { ReconcileOptions } from './options.ts';
import type { Plan } from './plan.ts';
import { reconcile } from './reconcile.ts';
import { expandObserved, type ObservedFixture } from './testing/golden.ts';
import { projectBuilder } from './testing/project-builder.ts';

/** Rules about containers that the goldens do not show; each states one behaviour. */

const images = { nginx: 'sha256:nginx', postgres: 'sha256:pg', busybox: 'sha256:bb', app: 'sha256:app' };

function plan(project: Project, fixture: ObservedFixture, options: ReconcileOptions = {}): Plan {
  const observed = expandObserved({ networks: [{ name: `${project.name}_default`, config: 'current' }], images, ...fixture }, { current: project });
  return reconcile({ project, observed, options });
}

const bucketOf = (p: Plan, resource: string) => p.decisions.find((d) => d.resource === resource);
const kinds = (p: Plan) => p.nodes.map((n) => `${n.resource} ${n.action.kind}`);
const codes = (p: Plan) => p.diagnostics.map((d) => d.code);

describe('reconcile: containers', () => {
  it('keeps a paused container and warns about it', () => {
    const p = plan(projectBuilder().service('web', { image: 'nginx' }).build(), { containers: [{ service: 'web', config: 'current', state: 'paused' }] });
    expect(kinds(p)).toEqual([]);
    expect(bucketOf(p, 'service:web#1')?.bucket).toBe('keep');
    expect(codes(p)).toEqual(['STK4008']);
  });

  it('refuses to scale a service with a container_name', () => {
    const p = plan(projectBuilder().service('web', { image: 'nginx', container_name: 'front' }).build(), {}, { scale: { web: 2 } });
    expect(codes(p)).toEqual(['STK4005']);
    expect(p.nodes).toEqual([]);
  });

  it('names the container after container_name', () => {
    const p = plan(projectBuilder().service('web', { image: 'nginx', container_name: 'front' }).build(), {});
    expect(p.nodes.find((n) => n.action.kind === 'createContainer')?.action).toMatchObject({ name: 'front', number: 1 });
  });

  it('reports a target that does not exist, or that a profile disables', () => {
    const project = projectBuilder().service('web', { image: 'nginx' }).disabled('debug', { image: 'busybox', profiles: ['dev'] }).build();
    expect(codes(plan(project, {}, { targets: ['nope'] }))).toEqual(['STK4009']);
    expect(codes(plan(project, {}, { targets: ['debug'] }))).toEqual(['STK4010']);
  });

  it('starts a stopped container the runtime would restart (restart: always) even after exit 0', () => {
    const p = plan(projectBuilder().service('web', { image: 'nginx', restart: 'always' }).build(), {
      containers: [{ service: 'web', config: 'current', state: 'exited', exitCode: 0 }],
    });
    expect(bucketOf(p, 'service:web#1')).toEqual({ resource: 'service:web#1', bucket: 'start', reasons: ['exited 0'] });
  });

  it('keeps an on-failure service that exited 0 as completed, and starts one that was killed', () => {
    const project = projectBuilder().service('job', { image: 'busybox', restart: 'on-failure:3' }).service('other', { image: 'busybox' }).build();
    const p = plan(project, {
      containers: [
        { service: 'job', config: 'current', state: 'exited', exitCode: 0 },
        { service: 'other', config: 'current', state: 'exited', exitCode: 137 },
      ],
    });
    expect(bucketOf(p, 'service:job#1')?.reasons).toEqual(['completed']);
    expect(bucketOf(p, 'service:other#1')?.reasons).toEqual(['exited 137']);
  });

  it('creates without starting under --no-start, and leaves stopped containers stopped', () => {
    const project = projectBuilder().service('web', { image: 'nginx', scale: 2 }).build();
    const p = plan(project, { containers: [{ service: 'web', config: 'current', state: 'exited', exitCode: 1 }] }, { noStart: true });
    expect(kinds(p)).toEqual(['service:web#2 createContainer']);
    expect(bucketOf(p, 'service:web#1')?.bucket).toBe('keep');
  });

  it('replaces a dead container', () => {
    const p = plan(projectBuilder().service('web', { image: 'nginx' }).build(), { containers: [{ service: 'web', config: 'current', state: 'dead' }] });
    expect(bucketOf(p, 'service:web#1')).toEqual({ resource: 'service:web#1', bucket: 'recreate', reasons: ['dead'] });
    expect(kinds(p)).not.toContain('service:web#1 stopContainer');
  });

  it('replaces a running container that lost a network it should be on, or a volume it should mount', () => {
    const project = projectBuilder().service('web', { image: 'nginx', volumes: [{ type: 'volume', source: 'data', target: '/d' }] }).volume('data').build();
    const p = plan(project, { containers: [{ service: 'web', config: 'current', networks: [], volumes: [] }], volumes: [{ name: 'app_data', config: 'current' }] });
    expect(bucketOf(p, 'service:web#1')?.reasons).toEqual(['not connected to network default', 'volume data not mounted']);
  });

  it('replaces a container that joined a namespace of a container that no longer exists', () => {
    const project = projectBuilder().service('app', { image: 'app' }).service('side', { image: 'busybox', network_mode: 'service:app' }).build();
    const p = plan(project, {
      containers: [
        { service: 'app', config: 'current' },
        { service: 'side', config: 'current', networks: [], joined: ['0123456789abcdef'] },
      ],
    });
    expect(bucketOf(p, 'service:side#1')).toEqual({ resource: 'service:side#1', bucket: 'recreate', reasons: ['joined container 0123456789abcdef is gone'] });
    const create = p.nodes.find((n) => n.action.kind === 'createContainer')?.action as CreateContainerAction;
    expect(create.peers).toEqual({ app: ['app-app-1'] });
  });

  it('ignores one-off containers of a defined service, and containers of a disabled service', () => {
    const project = projectBuilder().service('web', { image: 'nginx' }).disabled('debug', { image: 'busybox', profiles: ['dev'] }).build();
    const p = plan(project, {
      containers: [
        { service: 'web', config: 'current' },
        { service: 'web', name: 'app-web-run-0a1b2c', number: 0, oneoff: true, state: 'exited', exitCode: 0 },
        { service: 'debug', config: 'current' },
      ],
    });
    expect(p.nodes).toEqual([]);
    expect(p.decisions.map((d) => d.resource)).toEqual(['network:default', 'service:web#1']);
    expect(codes(p)).toEqual([]);
  });

  it('shares one await node among the services waiting for the same condition, and gives an optional wait its own', () => {
    const healthy = { condition: 'service_healthy', required: true } as const;
    const project = projectBuilder()
      .service('db', { image: 'postgres' })
      .service('api', { image: 'app', depends_on: { db: healthy } })
      .service('worker', { image: 'app', depends_on: { db: healthy } })
      .service('report', { image: 'app', depends_on: { db: { condition: 'service_healthy', required: false } } })
      .build();
    const p = plan(project, {});
    const awaits = p.nodes.filter((n) => n.action.kind === 'awaitCondition');
    expect(awaits.map((n) => [n.resource, n.action.kind === 'awaitCondition' && n.action.required, n.cause])).toEqual([
      ['service:db', true, 'required by api, worker'],
      ['service:db', false, 'wanted by report'],
    ]);
    const dbStart = p.nodes.find((n) => n.resource === 'service:db#1' && n.action.kind === 'startContainer');
    for (const wait of awaits) expect(wait.dependsOn).toEqual([dbStart?.id]);
  });

  it('does not wait for a dependency scaled to zero, whose containers are removed', () => {
    const project = projectBuilder().service('db', { image: 'postgres', scale: 0 }).service('api', { image: 'app', depends_on: { db: { condition: 'service_healthy', required: true } } }).build();
    const p = plan(project, { containers: [{ service: 'db', config: 'current' }] });
    expect(kinds(p)).toEqual(['service:db#1 stopContainer', 'service:db#1 removeContainer', 'service:api#1 createContainer', 'service:api#1 startContainer']);
  });

  it('creates a replacement carrying the config snapshot its hash comes from, the container it replaces, and its volumes', () => {
    const project = projectBuilder().service('web', { image: 'nginx', stop_grace_period: '1m30s' }).build();
    const fixture = { containers: [{ service: 'web', config: 'current' as const }] };
    const p = plan(project, fixture, { recreate: 'force' });
    const create = p.nodes.find((n) => n.action.kind === 'createContainer')?.action as CreateContainerAction;
    expect(snapshotHash(create.config)).toBe(create.configHash);
    expect(create.replaces?.name).toBe('app-web-1');
    expect(create.inheritVolumes).toBe(true);
    expect(p.nodes.find((n) => n.action.kind === 'stopContainer')?.action).toMatchObject({ timeoutSeconds: 90 });

    const renewed = plan(project, fixture, { recreate: 'force', renewAnonVolumes: true, timeoutSeconds: 3 });
    expect(renewed.nodes.find((n) => n.action.kind === 'createContainer')?.action).toMatchObject({ inheritVolumes: false });
    expect(renewed.nodes.find((n) => n.action.kind === 'stopContainer')?.action).toMatchObject({ timeoutSeconds: 3 });
  });

  it('recreates every replica of a service, each new one before its old one goes', () => {
    const project = projectBuilder().service('web', { image: 'nginx', scale: 2 }).build();
    const p = plan(project, { containers: [{ service: 'web', number: 1, config: 'current' }, { service: 'web', number: 2, config: 'current' }] }, { recreate: 'force' });
    for (const number of [1, 2]) {
      const group = p.nodes.filter((n) => n.group === `recreate:web#${number}`);
      expect(group.map((n) => n.action.kind)).toEqual(['createContainer', 'stopContainer', 'removeContainer', 'renameContainer', 'startContainer']);
      const [create, stop] = group;
      expect(stop?.dependsOn).toContain(create?.id);
    }
  });

  it('stops a restart: true dependent only once the new image of its dependency is there', () => {
    const build = (tag: string) =>
      projectBuilder()
        .service('db', { image: `postgres:${tag}` })
        .service('api', { image: 'app', depends_on: { db: { condition: 'service_started', restart: true, required: true } } })
        .build();
    const project = build('17');
    const observed = expandObserved(
      { containers: [{ service: 'db', config: 'previous' }, { service: 'api', config: 'current' }], networks: [{ name: 'app_default', config: 'current' }], images: { app: 'sha256:app' } },
      { current: project, previous: build('16') },
    );
    const p = reconcile({ project, observed });
    const pull = p.nodes.find((n) => n.action.kind === 'pullImage');
    const apiStop = p.nodes.find((n) => n.resource === 'service:api#1' && n.action.kind === 'stopContainer');
    const dbStop = p.nodes.find((n) => n.resource === 'service:db#1' && n.action.kind === 'stopContainer');
    expect(apiStop?.dependsOn).toEqual([pull?.id]);
    expect(dbStop?.dependsOn).toContain(apiStop?.id);
  });
});
