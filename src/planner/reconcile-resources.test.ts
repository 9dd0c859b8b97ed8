import { describe, expect, it } from 'vitest';
import type { Project } from '../spec/index.ts';
import type { ReconcileOptions } from './options.ts';
import type { Plan } from './plan.ts';
import { planToText } from './plan-text.ts';
import { reconcile } from './reconcile.ts';
import { expandObserved, type ObservedFixture } from './testing/golden.ts';
import { projectBuilder } from './testing/project-builder.ts';

/** Rules about images, networks, volumes and orphans that the goldens do not show. */

function plan(project: Project, fixture: ObservedFixture, options: ReconcileOptions = {}): Plan {
  return reconcile({ project, observed: expandObserved(fixture, { current: project }), options });
}

const kinds = (p: Plan) => p.nodes.map((n) => `${n.resource} ${n.action.kind}`);
const codes = (p: Plan) => p.diagnostics.map((d) => d.code);

describe('reconcile: images', () => {
  const running = (service: string) => ({ service, config: 'current' as const });
  const base = { networks: [{ name: 'app_default', config: 'current' as const }] };

  it('pulls a present image when the policy says always, once however many services use it', () => {
    const project = projectBuilder().service('a', { image: 'nginx', pull_policy: 'always' }).service('b', { image: 'nginx' }).build();
    const p = plan(project, { ...base, containers: [running('a'), running('b')], images: { nginx: 'sha256:1' } });
    expect(kinds(p)).toEqual(['image:nginx pullImage']);
    expect(p.decisions[0]).toEqual({ resource: 'image:nginx', bucket: 'recreate', reasons: ['pull_policy: always'] });
    expect(p.replan).toBe(true);
  });

  it('pulls a time-based policy only when the engine says it is due', () => {
    const project = projectBuilder().service('a', { image: 'nginx', pull_policy: 'daily' }).build();
    const fixture = { ...base, containers: [running('a')], images: { nginx: 'sha256:1' } };
    expect(kinds(plan(project, fixture))).toEqual([]);
    expect(kinds(plan(project, fixture, { pullDue: ['nginx'] }))).toEqual(['image:nginx pullImage']);
  });

  it('lets --pull override the service policy', () => {
    const project = projectBuilder().service('a', { image: 'nginx', pull_policy: 'always' }).build();
    expect(kinds(plan(project, { ...base, containers: [running('a')], images: { nginx: 'sha256:1' } }, { pull: 'never' }))).toEqual([]);
    expect(codes(plan(project, {}, { pull: 'never' }))).toEqual(['STK4006']);
  });

  it('pulls instead of building under --no-build when the service names an image, and reports one it cannot get', () => {
    const project = projectBuilder().service('api', { image: 'registry.local/api', build: { context: '/srv/app' } }).service('tool', { build: { context: '/srv/app/tool' } }).build();
    const p = plan(project, {}, { build: 'never' });
    expect(codes(p)).toEqual(['STK4006']);
    expect(p.diagnostics[0]?.message).toContain('app-tool');
    const pulled = plan(projectBuilder().service('api', { image: 'registry.local/api', build: { context: '/srv/app' } }).build(), {}, { build: 'never' });
    expect(kinds(pulled)[0]).toBe('image:registry.local/api pullImage');
  });

  it('makes every creation from an image wait for its pull', () => {
    const p = plan(projectBuilder().service('a', { image: 'nginx', scale: 2 }).build(), {});
    const pull = p.nodes.find((n) => n.action.kind === 'pullImage');
    for (const create of p.nodes.filter((n) => n.action.kind === 'createContainer')) expect(create.dependsOn).toContain(pull?.id);
  });
});

describe('reconcile: networks and volumes', () => {
  it('never creates or removes external networks and volumes', () => {
    const project = projectBuilder()
      .service('web', { image: 'nginx', networks: { shared: null }, volumes: [{ type: 'volume', source: 'store', target: '/s' }] })
      .network('shared', { external: true })
      .volume('store', { external: true })
      .build();
    const p = plan(project, { images: { nginx: 'sha256:1' } }, { removeOrphans: true });
    expect(kinds(p)).toEqual(['service:web#1 createContainer', 'service:web#1 startContainer']);
  });

  it('creates the default network only when a service uses it', () => {
    const project = projectBuilder().service('web', { image: 'nginx', network_mode: 'host' }).build();
    expect(kinds(plan(project, { images: { nginx: 'sha256:1' } }))).toEqual(['service:web#1 createContainer', 'service:web#1 startContainer']);
  });

  it('leaves a network without a config hash label alone (made by hand or by another tool)', () => {
    const project = projectBuilder().service('web', { image: 'nginx' }).build();
    const p = plan(project, { networks: [{ name: 'app_default' }], containers: [{ service: 'web', config: 'current' }], images: { nginx: 'sha256:1' } });
    expect(p.nodes).toEqual([]);
  });

  it('restarts, after a network recreate, a container of a service outside the targets', () => {
    const project = projectBuilder()
      .service('web', { image: 'nginx', networks: { front: null } })
      .service('admin', { image: 'nginx', networks: { front: null } })
      .network('front')
      .build();
    const p = plan(
      project,
      {
        containers: [{ service: 'web', config: 'current' }, { service: 'admin', config: 'current' }],
        networks: [{ name: 'app_front', configHash: 'stale' }],
        images: { nginx: 'sha256:1' },
      },
      { targets: ['web'] },
    );
    expect(p.decisions.filter((d) => d.bucket === 'restart').map((d) => d.resource)).toEqual(['service:admin#1', 'service:web#1']);
    expect(kinds(p).filter((k) => k.endsWith('startContainer')).sort()).toEqual(['service:admin#1 startContainer', 'service:web#1 startContainer']);
  });

  it('keeps an undeclared network that a remaining container still uses, with a warning', () => {
    const project = projectBuilder().service('web', { image: 'nginx' }).build();
    const p = plan(
      project,
      {
        containers: [{ service: 'web', config: 'current', networks: ['app_default', 'app_old'] }],
        networks: [{ name: 'app_default', config: 'current' }, { name: 'app_old', key: 'old', configHash: 'x' }],
        images: { nginx: 'sha256:1' },
      },
      { removeOrphans: true },
    );
    expect(codes(p)).toEqual(['STK4013']);
    expect(p.nodes).toEqual([]);
  });
});

describe('reconcile: determinism', () => {
  it('gives the same plan whatever order the project keys and the observed lists come in', () => {
    const started = { condition: 'service_started', required: true } as const;
    const forward = projectBuilder()
      .service('a', { image: 'nginx', depends_on: { b: started }, networks: { x: null, y: null } })
      .service('b', { image: 'nginx', networks: { y: null } })
      .service('c', { image: 'nginx', scale: 2 })
      .network('x')
      .network('y')
      .build();
    const backward = projectBuilder()
      .network('y')
      .network('x')
      .service('c', { scale: 2, image: 'nginx' })
      .service('b', { networks: { y: null }, image: 'nginx' })
      .service('a', { networks: { y: null, x: null }, depends_on: { b: started }, image: 'nginx' })
      .build();
    const containers = [
      { service: 'c', number: 3, config: 'current' as const },
      { service: 'a', config: 'current' as const, state: 'exited' as const, exitCode: 2 },
      { service: 'old', number: 1 },
    ];
    const one = plan(forward, { containers, networks: [{ name: 'app_x' }], images: { nginx: 'sha256:1' } });
    const two = plan(backward, { containers: [...containers].reverse(), networks: [{ name: 'app_x' }], images: { nginx: 'sha256:1' } });
    expect(planToText(two)).toBe(planToText(one));
    expect(one.nodes.length).toBeGreaterThan(0);
  });
});
