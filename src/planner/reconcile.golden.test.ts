import { describe, expect, it } from 'vitest';
import type { Project } from '../spec/types.ts';
import type { FileDigests } from './hash.ts';
import type { ReconcileOptions } from './options.ts';
import { planToText } from './plan-text.ts';
import { reconcile } from './reconcile.ts';
import { goldenText, readObservedFixture } from './testing/golden.ts';
import { applyPlan } from './testing/memory-runtime.ts';
import { projectBuilder } from './testing/project-builder.ts';

/**
 * One rule per test, as in Docker Compose's reconcile_test.go: a project, an
 * observed state (fixtures/plans/<case>/observed.json) and the plan text it
 * must give (plan.txt). Every case that plans anything is also applied to
 * the in-memory runtime, and planning again must then do nothing.
 */
interface GoldenCase {
  readonly project: Project;
  readonly previous?: Project;
  readonly options?: ReconcileOptions;
  readonly digests?: FileDigests;
  readonly previousDigests?: FileDigests;
  /** The codes the plan must report. */
  readonly codes?: readonly string[];
}

const webAndDb = (mode = 'prod') =>
  projectBuilder()
    .service('web', {
      image: 'nginx',
      environment: { MODE: mode },
      ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
      depends_on: { db: { condition: 'service_healthy', required: true } },
    })
    .service('db', { image: 'postgres', volumes: [{ type: 'volume', source: 'data', target: '/var/lib/postgresql/data' }], healthcheck: { test: ['CMD', 'pg_isready'] } })
    .volume('data');

function golden(name: string, rule: string, build: () => GoldenCase): void {
  it(`${rule} (${name})`, () => {
    const c = build();
    const observed = readObservedFixture(name, { current: c.project, previous: c.previous, digests: c.digests, previousDigests: c.previousDigests });
    const input = { project: c.project, observed, options: c.options, fileDigests: c.digests };
    const plan = reconcile(input);
    const text = planToText(plan);
    expect(text).toBe(goldenText(name, text));
    expect(plan.diagnostics.map((d) => d.code)).toEqual(c.codes ?? []);
    if (plan.nodes.length === 0) return;
    const after = applyPlan(c.project, observed, plan);
    // The same command again, minus the flags that act every time (--force-recreate, --build, --pull always).
    const options = { ...c.options, recreate: undefined, build: undefined, pull: undefined, ...(c.options?.recreate === 'never' ? { recreate: 'never' as const } : {}) };
    const again = reconcile({ ...input, observed: after, options });
    expect(planToText({ ...again, decisions: [], diagnostics: [] })).toBe('');
  });
}

describe('reconcile goldens', () => {
  golden('create-from-nothing', 'an empty runtime gets every network, volume, image and container, dependencies first', () => ({ project: webAndDb().build() }));

  golden('nothing-to-do', 'a converged project plans nothing', () => ({ project: webAndDb().build() }));

  golden('env-change', 'a changed environment variable recreates only that service, naming the field', () => ({
    project: webAndDb('prod').build(),
    previous: webAndDb('dev').build(),
  }));

  golden('image-change', 'a container created from another image than its reference names now is recreated', () => ({ project: webAndDb().build() }));

  golden('env-file-content-change', 'an edited env file recreates the service that reads it, even when the model is the same', () => {
    const project = projectBuilder().service('web', { image: 'nginx', env_file: [{ path: '/srv/app/web.env' }] }).build();
    return { project, previous: project, digests: { '/srv/app/web.env': 'sha256:new' }, previousDigests: { '/srv/app/web.env': 'sha256:old' } };
  });

  golden('config-hash-without-snapshot', 'a container without a config snapshot (made by Docker Compose) is recreated with a generic reason', () => ({
    project: projectBuilder().service('web', { image: 'nginx' }).build(),
  }));

  golden('scale-up', 'scaling up numbers new replicas from the highest existing number plus one', () => ({
    project: projectBuilder().service('web', { image: 'nginx', scale: 3 }).build(),
  }));

  golden('scale-down', 'scaling down removes the highest numbers first', () => ({
    project: projectBuilder().service('web', { image: 'nginx', deploy: { replicas: 3 } }).build(),
    options: { scale: { web: 1 } },
  }));

  golden('scale-down-diverged-first', 'scaling down removes diverged replicas before up-to-date ones', () => ({
    project: projectBuilder().service('web', { image: 'nginx', environment: { MODE: 'prod' }, scale: 2 }).build(),
    previous: projectBuilder().service('web', { image: 'nginx', environment: { MODE: 'dev' }, scale: 2 }).build(),
  }));

  golden('orphans-warning', 'containers of a service no longer defined are a warning without --remove-orphans', () => ({
    project: projectBuilder().service('web', { image: 'nginx' }).build(),
    codes: ['STK4004'],
  }));

  golden('orphans-removed', '--remove-orphans stops and removes orphan containers and undeclared networks', () => ({
    project: projectBuilder().service('web', { image: 'nginx' }).build(),
    options: { removeOrphans: true },
  }));

  golden('force-recreate', '--force-recreate replaces up-to-date containers, new before old', () => ({
    project: projectBuilder().service('web', { image: 'nginx' }).build(),
    options: { recreate: 'force' },
  }));

  golden('no-recreate', '--no-recreate keeps diverged containers', () => ({
    project: webAndDb('prod').build(),
    previous: webAndDb('dev').build(),
    options: { recreate: 'never' },
  }));

  golden('no-deps-target', '--no-deps with a target plans only that service, not what it depends on', () => ({
    project: webAndDb().build(),
    options: { targets: ['web'], noDeps: true },
  }));

  golden('target-with-dependencies', 'a target brings its dependencies; --force-recreate applies to the target only', () => ({
    project: webAndDb().service('worker', { image: 'busybox' }).build(),
    options: { targets: ['web'], recreate: 'force' },
  }));

  golden('dependency-restart', 'a recreated dependency stops and restarts dependents that declared restart: true', () => {
    const build = (password: string) =>
      projectBuilder()
        .service('db', { image: 'postgres', environment: { POSTGRES_PASSWORD: password } })
        .service('api', { image: 'api', depends_on: { db: { condition: 'service_started', restart: true, required: true } } })
        .service('ui', { image: 'ui', depends_on: { db: { condition: 'service_started', required: true } } })
        .build();
    return { project: build('new'), previous: build('old') };
  });

  golden('one-shot-completed', 'a one-shot container that exited 0 is kept: up twice runs a job once', () => ({
    project: projectBuilder()
      .service('migrate', { image: 'app', command: ['migrate'] })
      .service('app', { image: 'app', depends_on: { migrate: { condition: 'service_completed_successfully', required: true } } })
      .build(),
  }));

  golden('exited-nonzero', 'an up-to-date container that exited non-zero is started, after its dependencies', () => ({
    project: webAndDb().build(),
  }));

  golden('profile-disabled-dependency', 'a required dependency disabled by a profile is a diagnostic and plans nothing', () => ({
    project: projectBuilder()
      .service('web', { image: 'nginx', depends_on: { debug: { condition: 'service_started', required: true }, metrics: { condition: 'service_started', required: false } } })
      .disabled('debug', { image: 'busybox', profiles: ['debug'] })
      .disabled('metrics', { image: 'busybox', profiles: ['metrics'] })
      .build(),
    codes: ['STK4002'],
  }));

  golden('dependency-cycle', 'a circle of dependencies is one diagnostic naming it from its smallest service', () => ({
    project: projectBuilder()
      .service('c', { image: 'x', depends_on: { a: { condition: 'service_started', required: true } } })
      .service('a', { image: 'x', links: ['b'] })
      .service('b', { image: 'x', volumes_from: ['c'] })
      .build(),
    codes: ['STK4001'],
  }));

  golden('network-recreate', 'a network whose config changed is recreated; its containers are reconnected and restarted, not recreated', () => ({
    project: projectBuilder().service('web', { image: 'nginx', networks: { front: null } }).network('front', { driver_opts: { mtu: '1400' } }).build(),
    previous: projectBuilder().service('web', { image: 'nginx', networks: { front: null } }).network('front').build(),
  }));

  golden('interrupted-recreate', 'a replacement left under its temporary name by an interrupted pass is removed and the recreate done again', () => ({
    project: projectBuilder().service('web', { image: 'nginx', environment: { MODE: 'prod' } }).build(),
    previous: projectBuilder().service('web', { image: 'nginx', environment: { MODE: 'dev' } }).build(),
  }));

  golden('shared-namespace-cascade', 'a service in another service\'s network namespace is recreated with it', () => {
    const build = (tag: string) =>
      projectBuilder()
        .service('app', { image: `app:${tag}` })
        .service('sidecar', { image: 'proxy', network_mode: 'service:app' })
        .build();
    return { project: build('2'), previous: build('1') };
  });

  golden('volume-diverged', 'a volume whose config changed is kept with a warning: its data is worth more', () => ({
    project: projectBuilder().service('db', { image: 'postgres', volumes: [{ type: 'volume', source: 'data', target: '/data' }] }).volume('data', { driver_opts: { type: 'tmpfs' } }).build(),
    previous: projectBuilder().service('db', { image: 'postgres', volumes: [{ type: 'volume', source: 'data', target: '/data' }] }).volume('data').build(),
    codes: ['STK4007'],
  }));

  golden('build-missing-image', 'a missing image of a service with build: is built under <project>-<service>', () => ({
    project: projectBuilder().service('api', { build: { context: '/srv/app/api' } }).build(),
  }));

  golden('pull-never-missing', 'a missing image whose pull policy is never is a diagnostic and plans nothing', () => ({
    project: projectBuilder().service('web', { image: 'nginx', pull_policy: 'never' }).build(),
    codes: ['STK4006'],
  }));

  golden('build-flag', '--build rebuilds an image that is present; containers are judged again on the next pass', () => ({
    project: projectBuilder().service('api', { build: { context: '/srv/app/api' } }).build(),
    options: { build: 'always' },
  }));
});
