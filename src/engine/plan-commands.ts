import { compareStrings } from '../base/index.ts';
import { serviceDependencies, type Decision, type ObservedContainer, type ServiceDependency } from '../planner/index.ts';
import { parseComposeLabels, type ContainerSummary } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import type { EngineAction, EngineNode, EnginePlan } from './engine-actions.ts';

/**
 * The plans of the commands that act on existing containers (pure):
 * `stop` (dependents first), `start` and `restart` (dependencies first, and
 * a dependency's health or completion awaited when the file asks for it,
 * which `docker compose restart` does not do: compose#13780, #12098), and
 * `kill`, `pause`, `unpause`, `rm` (no order).
 */
export type CommandVerb = 'stop' | 'start' | 'restart' | 'kill' | 'pause' | 'unpause' | 'rm';

export interface CommandPlanOptions {
  readonly verb: CommandVerb;
  /** The project's containers (observed), already narrowed to the selected services. */
  readonly containers: readonly ObservedContainer[];
  readonly project?: Project;
  /** The list entries by id: the dependency labels when there is no file. */
  readonly summaries: ReadonlyMap<string, ContainerSummary>;
  readonly timeoutSeconds?: number;
  /** `kill -s`. */
  readonly signal?: string;
  /** `rm -v`: anonymous volumes too. */
  readonly removeVolumes?: boolean;
}

export function planCommand(projectName: string, options: CommandPlanOptions): EnginePlan {
  const { verb } = options;
  const eligible = options.containers.filter((c) => eligibleFor(verb, c)).sort((a, b) => compareStrings(a.service, b.service) || a.number - b.number || compareStrings(a.name, b.name));
  const nodes: EngineNode[] = [];
  const decisions: Decision[] = [];
  const add = (node: Omit<EngineNode, 'id'>): number => {
    nodes.push({ ...node, id: nodes.length + 1 });
    return nodes.length;
  };
  const dependencies = dependencyMap(options);
  const services = [...new Set(eligible.map((c) => c.service))];
  const order = verb === 'stop' ? reverse(topological(services, dependencies)) : topological(services, dependencies);
  const last = new Map<string, number[]>();
  const awaits = new Map<string, number>();
  for (const service of order) {
    const deps: number[] = [];
    if (verb === 'stop') {
      // Stop after the services that depend on this one.
      for (const other of services) if ((dependencies.get(other) ?? []).some((d) => d.service === service)) deps.push(...(last.get(other) ?? []));
    } else if (verb === 'start' || verb === 'restart') {
      for (const dependency of dependencies.get(service) ?? []) {
        const started = last.get(dependency.service);
        if (started === undefined) continue;
        if (dependency.condition === 'service_started') {
          deps.push(...started);
          continue;
        }
        const key = `${dependency.service}|${dependency.condition}`;
        let wait = awaits.get(key);
        if (wait === undefined) {
          const action: EngineAction = { kind: 'awaitCondition', project: projectName, service: dependency.service, condition: dependency.condition, required: dependency.required, dependents: [service] };
          wait = add({ resource: `service:${dependency.service}`, action, dependsOn: started, cause: `${verb} ${service}` });
          awaits.set(key, wait);
        }
        deps.push(wait);
      }
    }
    const ids: number[] = [];
    for (const container of eligible.filter((c) => c.service === service)) {
      const resource = container.oneoff ? `container:${container.name}` : `service:${container.service}#${container.number}`;
      const ref = { source: 'observed' as const, id: container.id, name: container.name };
      const dependsOn = [...new Set(deps)].sort((a, b) => a - b);
      if (verb === 'rm') {
        ids.push(add({ resource, action: { kind: 'removeContainer', container: ref, removeVolumes: options.removeVolumes === true }, dependsOn, cause: 'rm' }));
      } else {
        ids.push(add({ resource, action: actionFor(verb, ref, options), dependsOn, cause: verb }));
      }
      decisions.push({ resource, bucket: verb === 'rm' ? 'remove' : verb === 'stop' || verb === 'kill' ? 'stop' : verb === 'restart' ? 'restart' : verb === 'start' ? 'start' : 'keep', reasons: [verb] });
    }
    last.set(service, ids);
  }
  return { project: projectName, nodes, decisions };
}

function actionFor(verb: Exclude<CommandVerb, 'rm'>, container: { readonly source: 'observed'; readonly id: string; readonly name: string }, options: CommandPlanOptions): EngineAction {
  const timeout = options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {};
  switch (verb) {
    case 'stop':
      return { kind: 'stopContainer', container, ...timeout };
    case 'start':
      return { kind: 'startContainer', container };
    case 'restart':
      return { kind: 'restartContainer', container, ...timeout };
    case 'kill':
      return { kind: 'killContainer', container, ...(options.signal ? { signal: options.signal } : {}) };
    case 'pause':
      return { kind: 'pauseContainer', container };
    case 'unpause':
      return { kind: 'unpauseContainer', container };
  }
}

/** Which containers a verb applies to: Docker refuses the others (start of a running one is a no-op we skip). */
function eligibleFor(verb: CommandVerb, c: ObservedContainer): boolean {
  switch (verb) {
    case 'stop':
      return c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
    case 'start':
      return c.state === 'created' || c.state === 'exited';
    case 'restart':
      return c.state !== 'removing' && c.state !== 'dead';
    case 'kill':
      return c.state === 'running' || c.state === 'restarting';
    case 'pause':
      return c.state === 'running';
    case 'unpause':
      return c.state === 'paused';
    case 'rm':
      return c.state === 'created' || c.state === 'exited' || c.state === 'dead';
  }
}

function dependencyMap(options: CommandPlanOptions): Map<string, ServiceDependency[]> {
  const out = new Map<string, ServiceDependency[]>();
  if (options.project) {
    for (const service of Object.values(options.project.services)) out.set(service.name, serviceDependencies(service));
    return out;
  }
  for (const summary of options.summaries.values()) {
    const labels = parseComposeLabels(summary.labels);
    if (labels.service === undefined || out.has(labels.service)) continue;
    out.set(
      labels.service,
      (labels.dependsOn ?? []).map((d) => ({ service: d.service, kinds: ['depends_on'], condition: d.condition, restart: d.restart, required: true })),
    );
  }
  return out;
}

/** Dependencies before dependents; name order among equals; a cycle (the loader forbids them) falls back to name order. */
function topological(services: readonly string[], dependencies: ReadonlyMap<string, readonly ServiceDependency[]>): string[] {
  const wanted = new Set(services);
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (service: string, path: Set<string>) => {
    if (done.has(service) || path.has(service)) return;
    path.add(service);
    for (const d of [...(dependencies.get(service) ?? [])].sort((a, b) => compareStrings(a.service, b.service))) if (wanted.has(d.service)) visit(d.service, path);
    path.delete(service);
    done.add(service);
    order.push(service);
  };
  for (const service of [...services].sort(compareStrings)) visit(service, new Set());
  return order;
}

function reverse<T>(list: readonly T[]): T[] {
  return [...list].reverse();
}
