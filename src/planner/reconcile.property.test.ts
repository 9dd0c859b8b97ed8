import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../base/index.ts';
import type { Project } from '../spec/index.ts';
import { containerName, networkConfig, temporaryName } from './names.ts';
import type { ObservedState } from './observed.ts';
import type { ReconcileOptions } from './options.ts';
import type { Plan } from './plan.ts';
import { planToText } from './plan-text.ts';
import { reconcile } from './reconcile.ts';
import { observedArbitrary, optionsArbitrary, projectArbitrary } from './testing/arbitraries.ts';
import { MemoryRuntime } from './testing/memory-runtime.ts';

/**
 * Invariants over random projects, runtime states and flags (Nomad's
 * reconciler property tests, in fast-check): plans are DAGs numbered in
 * order, deterministic, independent of key order, touch only the project,
 * keep "the new container exists before the old one goes", and converge:
 * applied in any order their dependencies allow, the same command planned
 * again does nothing.
 */
const scenario = projectArbitrary.chain((project) => fc.record({ project: fc.constant(project), observed: observedArbitrary(project), options: optionsArbitrary(project), picks: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }) }));

// PROPERTY_RUNS=5000 for a longer search.
const runs = { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) };
/** About 10 ms a run at worst on a loaded 2-core machine; never below the project's default. */
const timeout = Math.max(20_000, runs.numRuns * 25);

/** The same command again, minus what acts every time (--force-recreate). */
function sameCommandAgain(options: ReconcileOptions): ReconcileOptions {
  return options.recreate === 'force' ? { ...options, recreate: undefined } : options;
}

/** A topological order of the plan, choosing among ready nodes with `picks`: any order the executor could run. */
function someExecutionOrder(plan: Plan, picks: readonly number[]): number[] {
  const done = new Set<number>();
  const order: number[] = [];
  let turn = 0;
  while (order.length < plan.nodes.length) {
    const ready = plan.nodes.filter((n) => !done.has(n.id) && n.dependsOn.every((d) => done.has(d)));
    const next = ready[(picks[turn++ % picks.length] ?? 0) % ready.length];
    if (!next) throw new Error('no node is ready: the plan is not a DAG');
    done.add(next.id);
    order.push(next.id);
  }
  return order;
}

function converge(project: Project, observed: ObservedState, options: ReconcileOptions, picks: readonly number[]): { first: Plan; last: Plan } {
  const first = reconcile({ project, observed, options });
  let state = new MemoryRuntime(project, observed).apply(first, someExecutionOrder(first, picks));
  let last = reconcile({ project, observed: state, options: sameCommandAgain(options) });
  if (first.replan) {
    // Images pulled or built by the first plan may differ from the ones running: one more pass recreates those.
    state = new MemoryRuntime(project, state).apply(last, someExecutionOrder(last, picks));
    last = reconcile({ project, observed: state, options: sameCommandAgain(options) });
  }
  return { first, last };
}

describe('reconcile properties', () => {
  it('numbers nodes 1..n, each after the nodes it depends on', () => {
    fc.assert(
      fc.property(scenario, ({ project, observed, options }) => {
        const plan = reconcile({ project, observed, options });
        plan.nodes.forEach((node, i) => {
          expect(node.id).toBe(i + 1);
          expect([...node.dependsOn].sort((a, b) => a - b)).toEqual(node.dependsOn);
          expect(new Set(node.dependsOn).size).toBe(node.dependsOn.length);
          for (const dep of node.dependsOn) expect(dep).toBeLessThan(node.id);
        });
        if (hasErrors(plan.diagnostics)) expect(plan.nodes).toEqual([]);
      }),
      runs,
    );
  }, timeout);

  it('converges: applied in any order its dependencies allow, the same command plans nothing', () => {
    fc.assert(
      fc.property(scenario, ({ project, observed, options, picks }) => {
        const { first, last } = converge(project, observed, options, picks);
        if (hasErrors(first.diagnostics)) return;
        expect(planToText({ ...last, decisions: [], diagnostics: [] })).toBe('');
      }),
      runs,
    );
  }, timeout);

  it('is deterministic and independent of the order of keys and listings', () => {
    fc.assert(
      fc.property(scenario, ({ project, observed, options }) => {
        const text = planToText(reconcile({ project, observed, options }));
        expect(planToText(reconcile({ project, observed, options }))).toBe(text);
        const shuffled = { ...observed, containers: [...observed.containers].reverse(), networks: [...observed.networks].reverse(), volumes: [...observed.volumes].reverse() };
        expect(planToText(reconcile({ project: reverseKeys(project), observed: shuffled, options }))).toBe(text);
      }),
      runs,
    );
  }, timeout);

  it('touches only the project: its containers, its names, never an external network or volume', () => {
    fc.assert(
      fc.property(scenario, ({ project, observed, options }) => {
        const plan = reconcile({ project, observed, options });
        const ours = new Set(observed.containers.map((c) => c.id));
        const external = new Set([
          ...Object.values(project.networks).filter((n) => n.external).map((n) => n.name),
          ...Object.values(project.volumes).filter((v) => v.external).map((v) => v.name),
        ]);
        for (const { action } of plan.nodes) {
          if ('container' in action && action.container.source === 'observed') expect(ours.has(action.container.id)).toBe(true);
          if (action.kind === 'createContainer') {
            const service = project.services[action.service];
            expect(service).toBeDefined();
            const final = containerName(project.name, service ?? { name: action.service }, action.number);
            expect([final, action.replaces ? temporaryName(action.replaces.id, final) : final]).toContain(action.name);
          }
          if (action.kind === 'createNetwork' || action.kind === 'removeNetwork' || action.kind === 'createVolume' || action.kind === 'removeVolume') {
            expect(external.has(action.name)).toBe(false);
          }
          if (action.kind === 'createNetwork') expect(networkConfig(project, action.key)?.name).toBe(action.name);
          if (action.kind === 'removeNetwork') expect(observed.networks.some((n) => n.name === action.name)).toBe(true);
        }
      }),
      runs,
    );
  }, timeout);

  it('creates a replacement before it stops or removes the container it replaces', () => {
    fc.assert(
      fc.property(scenario, ({ project, observed, options }) => {
        const plan = reconcile({ project, observed, options });
        const byId = new Map(plan.nodes.map((n) => [n.id, n]));
        const ancestors = (id: number, seen = new Set<number>()): Set<number> => {
          for (const dep of byId.get(id)?.dependsOn ?? []) if (!seen.has(dep)) ancestors(dep, seen.add(dep));
          return seen;
        };
        for (const node of plan.nodes) {
          if (node.action.kind !== 'removeContainer' || !node.group?.startsWith('recreate:')) continue;
          const create = plan.nodes.find((n) => n.group === node.group && n.action.kind === 'createContainer');
          expect(create && ancestors(node.id).has(create.id)).toBe(true);
        }
      }),
      runs,
    );
  }, timeout);
});

/** The same project with every map's keys in reverse order. */
function reverseKeys(project: Project): Project {
  const reverse = <T>(record: Readonly<Record<string, T>>): Record<string, T> => Object.fromEntries(Object.entries(record).reverse());
  return {
    ...project,
    services: reverse(Object.fromEntries(Object.entries(project.services).map(([k, s]) => [k, Object.fromEntries(Object.entries(s).reverse()) as typeof s]))),
    disabled_services: reverse(project.disabled_services),
    networks: reverse(project.networks),
    volumes: reverse(project.volumes),
  };
}
