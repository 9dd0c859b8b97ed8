/**
 * Planner figures: time to plan a project of N services (3 replicas each,
 * each depending on up to two earlier ones, on 3 networks, half with a
 * volume) against three runtime states: empty (a first `up`), converged (a
 * second `up`, the common case) and 10% of services diverged (an edit).
 * Prints medians; asserts nothing. Pure CPU: no runtime needed.
 * Run with `node bench/planner.mjs`.
 */
import { performance } from 'node:perf_hooks';
import { emptyObservedState, planToText, reconcile, type ObservedState } from '../src/planner/index.ts';
import { MemoryRuntime } from '../src/planner/testing/memory-runtime.ts';
import { ProjectBuilder } from '../src/planner/testing/project-builder.ts';
import type { Project } from '../src/spec/index.ts';

const runs = Number(process.env.RUNS ?? 7);

function project(size: number, mode = (_i: number) => 'prod'): Project {
  const builder = new ProjectBuilder('bench').network('a').network('b').network('c').volume('data');
  for (let i = 0; i < size; i++) {
    const deps: Record<string, { condition: 'service_started' | 'service_healthy'; required: boolean }> = {};
    if (i > 0) deps[`s${(i * 7) % i}`] = { condition: 'service_started', required: true };
    if (i > 1) deps[`s${(i * 13) % (i - 1)}`] = { condition: 'service_healthy', required: true };
    builder.service(`s${i}`, {
      image: `img${i % 20}`,
      scale: 3,
      environment: { MODE: mode(i), INDEX: String(i) },
      ports: [{ mode: 'ingress', target: 80, protocol: 'tcp' }],
      networks: { a: null, [i % 2 ? 'b' : 'c']: null },
      ...(i % 2 ? { volumes: [{ type: 'volume' as const, source: 'data', target: '/data' }] } : {}),
      depends_on: deps,
    });
  }
  return builder.build();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(fn: () => unknown): number {
  // Warm up first: the first calls measure the JIT, not the planner.
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

console.log(`planner: median of ${runs} runs, Node ${process.version}`);
console.log('services  containers  state       nodes   plan ms   text ms');
for (const size of [10, 100, 500, 1000]) {
  const desired = project(size);
  const images = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`img${i}`, `sha256:${i}`]));
  const empty: ObservedState = { ...emptyObservedState('bench'), images };
  const first = reconcile({ project: desired, observed: empty });
  const converged = new MemoryRuntime(desired, empty).apply(first);
  // A tenth of the services were created from another config.
  const before = project(size, (i) => (i % 10 === 0 ? 'dev' : 'prod'));
  const edited = new MemoryRuntime(before, empty).apply(reconcile({ project: before, observed: empty }));
  for (const [name, observed] of [
    ['empty', empty],
    ['converged', converged],
    ['10% edited', edited],
  ] as const) {
    const plan = reconcile({ project: desired, observed });
    const planMs = time(() => reconcile({ project: desired, observed }));
    const textMs = time(() => planToText(plan));
    console.log(
      `${String(size).padStart(8)}  ${String(observed.containers.length).padStart(10)}  ${name.padEnd(10)}  ${String(plan.nodes.length).padStart(5)}  ${planMs.toFixed(2).padStart(8)}  ${textMs.toFixed(2).padStart(8)}`,
    );
  }
}
