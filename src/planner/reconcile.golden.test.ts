import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCodes } from '../base/codes/plan.ts';
import type { ReconcileOptions } from './options.ts';
import { planToText } from './plan-text.ts';
import { reconcile } from './reconcile.ts';
import { fixtureDigests, goldenText, loadFixtureProject, plansDir, readObservedFixture } from './testing/golden.ts';
import { applyPlan } from './testing/memory-runtime.ts';

/**
 * One rule per test, as in Docker Compose's reconcile_test.go: a project
 * (fixtures/plans/<case>/compose.yaml, loaded by the real loader), an
 * observed state (observed.json) and the plan text it must give (plan.txt).
 * Every case that plans anything is also applied to the in-memory runtime,
 * and the same command planned again must then do nothing.
 */
interface GoldenCase {
  readonly options?: ReconcileOptions;
  /** Digests of the case's files, by path relative to the case directory. */
  readonly digests?: Readonly<Record<string, string>>;
  /** The digests the observed containers were created with, when they differ. */
  readonly previousDigests?: Readonly<Record<string, string>>;
  /** The codes the plan must report. */
  readonly codes?: readonly string[];
  /**
   * False: load without the loader's consistency checks (`--no-consistency`),
   * for rules the loader would report first; the planner must still catch
   * them, since a Project can be built without the loader.
   */
  readonly consistency?: boolean;
}

function golden(name: string, rule: string, c: GoldenCase = {}): void {
  it(`${rule} (${name})`, () => {
    const project = loadFixtureProject(name, 'compose.yaml', c.consistency === false ? { consistency: false } : {});
    if (!project) throw new Error(`fixtures/plans/${name}/compose.yaml is missing`);
    const previous = loadFixtureProject(name, 'previous.yaml');
    const digests = fixtureDigests(c.digests);
    const observed = readObservedFixture(name, { current: project, previous, digests, previousDigests: fixtureDigests(c.previousDigests) });
    const input = { project, observed, options: c.options, fileDigests: digests };
    const plan = reconcile(input);
    const text = planToText(plan);
    expect(text).toBe(goldenText(name, text));
    expect(plan.diagnostics.map((d) => d.code)).toEqual(c.codes ?? []);
    if (plan.nodes.length === 0) return;
    const after = applyPlan(project, observed, plan);
    // The same command again, minus the flags that act every time (--force-recreate, --build, --pull always).
    const options = { ...c.options, recreate: c.options?.recreate === 'never' ? ('never' as const) : undefined, build: undefined, pull: undefined };
    const again = reconcile({ ...input, observed: after, options });
    expect(planToText({ ...again, decisions: [], diagnostics: [] })).toBe('');
  });
}

describe('reconcile goldens', () => {
  golden('create-from-nothing', 'an empty runtime gets every network, volume, image and container, dependencies first');
  golden('nothing-to-do', 'a converged project plans nothing');
  golden('env-change', 'a changed environment variable recreates only that service, naming the field');
  golden('image-change', 'a container created from another image than its reference names now is recreated');
  golden('env-file-content-change', 'an edited env file recreates the service that reads it, even when the model is the same', {
    digests: { 'web.env': 'sha256:new' },
    previousDigests: { 'web.env': 'sha256:old' },
  });
  golden('config-hash-without-snapshot', 'a container without a config snapshot (made by Docker Compose) is recreated with a generic reason');
  golden('scale-up', 'scaling up numbers new replicas from the highest existing number plus one');
  golden('scale-down', 'scaling down (--scale over deploy.replicas) removes the highest numbers first', { options: { scale: { web: 1 } } });
  golden('scale-down-diverged-first', 'scaling down removes diverged replicas before up-to-date ones');
  golden('orphans-warning', 'containers of a service no longer defined are a warning without --remove-orphans', { codes: ['STK4004'] });
  golden('orphans-removed', '--remove-orphans stops and removes orphan containers and undeclared networks', { options: { removeOrphans: true } });
  golden('force-recreate', '--force-recreate replaces up-to-date containers, new before old', { options: { recreate: 'force' } });
  golden('no-recreate', '--no-recreate keeps diverged containers', { options: { recreate: 'never' } });
  golden('no-deps-target', '--no-deps with a target plans only that service, not what it depends on', { options: { targets: ['web'], noDeps: true } });
  golden('target-with-dependencies', 'a target brings its dependencies; --force-recreate applies to the target only', {
    options: { targets: ['web'], recreate: 'force' },
  });
  golden('dependency-restart', 'a recreated dependency stops and restarts dependents that declared restart: true');
  golden('one-shot-completed', 'a one-shot container that exited 0 is kept: up twice runs a job once');
  golden('exited-nonzero', 'an up-to-date container that exited non-zero is started, after its dependencies');
  golden('profile-disabled-dependency', 'a required dependency disabled by a profile is a diagnostic and plans nothing', { codes: ['STK4002'], consistency: false });
  golden('dependency-cycle', 'a circle of dependencies is one diagnostic naming it from its smallest service', { codes: ['STK4001'], consistency: false });
  golden('network-recreate', 'a network whose config changed is recreated; its containers are reconnected and restarted, not recreated');
  golden('interrupted-recreate', 'a replacement left under its temporary name by an interrupted pass is removed and the recreate done again');
  golden('shared-namespace-cascade', "a service in another service's network namespace is recreated with it");
  golden('volume-diverged', 'a volume whose config changed is kept with a warning: its data is worth more', { codes: ['STK4007'] });
  golden('build-missing-image', 'a missing image of a service with build: is built under <project>-<service>');
  golden('pull-never-missing', 'a missing image whose pull policy is never is a diagnostic and plans nothing', { codes: ['STK4006'] });
  golden('build-flag', '--build rebuilds an image that is present; containers are judged again on the next pass', { options: { build: 'always' } });

  // One case per diagnostic the planner reports, so every code of its band has a fixture.
  golden('dependency-missing', 'a required dependency on a service that does not exist is a diagnostic', { codes: ['STK4003'], consistency: false });
  golden('scaled-container-name', 'a container_name with more than one replica is a diagnostic', { codes: ['STK4005'], consistency: false });
  golden('paused-kept', 'a paused container is kept, with a warning', { codes: ['STK4008'] });
  golden('unknown-target', 'a target that is not a service is a diagnostic', { codes: ['STK4009'], options: { targets: ['nope'] } });
  golden('disabled-target', 'a target disabled by a profile is a diagnostic', { codes: ['STK4010'], options: { targets: ['debug'] } });
  golden('undeclared-network', 'a network a service uses but the project does not declare is a diagnostic', { codes: ['STK4011'], consistency: false });
  golden('undeclared-volume', 'a named volume a service mounts but the project does not declare is a diagnostic', { codes: ['STK4012'], consistency: false });
  golden('orphan-network-in-use', 'an undeclared network that a staying container uses is kept, with a warning', {
    codes: ['STK4013'],
    options: { removeOrphans: true },
  });
  golden('peer-missing', 'joining the namespace of a service that has no container is a diagnostic', { codes: ['STK4014'] });
  golden('joined-gone', 'under --no-recreate, a container whose joined container is gone is not started, with a warning', {
    codes: ['STK4015'],
    options: { recreate: 'never' },
  });
});

describe('plan codes', () => {
  it('every code of the plan band is reported by a golden', () => {
    const reported = new Set<string>();
    for (const entry of readdirSync(plansDir)) {
      const file = join(plansDir, entry, 'plan.txt');
      if (!existsSync(file)) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(/^(?:error|warning|info) (STK4\d{3}):/gm)) reported.add(match[1] as string);
    }
    expect([...reported].sort()).toEqual(Object.keys(planCodes).sort());
  });
});
