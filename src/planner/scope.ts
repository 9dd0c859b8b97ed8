import type { Diagnostic } from '../base/index.ts';
import type { Project } from '../spec/index.ts';
import type { ProjectGraph } from './graph.ts';
import type { ReconcileOptions, RecreatePolicy } from './options.ts';

/**
 * Which services a pass manages, and how each treats a diverged container.
 * No targets: every enabled service, with the `recreate` policy. Targets:
 * those, with `recreate`, plus (unless `--no-deps`) everything they depend
 * on, transitively, with `recreateDependencies` (by default `diverged`, or
 * `never` under `--no-recreate`, which wins over everything).
 */
export interface Scope {
  /** In dependency order. */
  readonly services: readonly string[];
  readonly policies: ReadonlyMap<string, RecreatePolicy>;
  readonly diagnostics: readonly Diagnostic[];
}

export function selectScope(project: Project, graph: ProjectGraph, options: ReconcileOptions): Scope {
  const recreate = options.recreate ?? 'diverged';
  const recreateDependencies = recreate === 'never' ? 'never' : (options.recreateDependencies ?? 'diverged');
  const targets = options.targets ?? [];
  const diagnostics: Diagnostic[] = [];
  const policies = new Map<string, RecreatePolicy>();

  if (targets.length === 0) {
    for (const name of graph.order) policies.set(name, recreate);
    return { services: graph.order, policies, diagnostics };
  }
  const wanted = new Set<string>();
  for (const target of [...new Set(targets)]) {
    if (project.services[target]) {
      wanted.add(target);
      continue;
    }
    const disabled = project.disabled_services[target];
    diagnostics.push(
      disabled
        ? {
            code: 'STK4010',
            severity: 'error',
            message: `service "${target}" is disabled by a profile`,
            hint: `enable it with --profile ${disabled.profiles?.[0] ?? '<profile>'}`,
          }
        : { code: 'STK4009', severity: 'error', message: `no such service: "${target}"`, hint: `the services are: ${graph.order.join(', ')}` },
    );
  }
  const inScope = new Set(wanted);
  if (options.noDeps !== true) {
    const stack = [...wanted];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      for (const dependency of graph.dependencies[name] ?? []) {
        if (inScope.has(dependency.service)) continue;
        inScope.add(dependency.service);
        stack.push(dependency.service);
      }
    }
  }
  const services = graph.order.filter((name) => inScope.has(name));
  for (const name of services) policies.set(name, wanted.has(name) ? recreate : recreateDependencies);
  return { services, policies, diagnostics };
}
