import type { Decision } from '../planner/index.ts';
import type { EngineAction, EngineNode } from './engine-actions.ts';
import type { ActionVerb, PlannedNode, PlannedResource, ResourceRef } from './events.ts';
import type { NodeDescription } from './executor.ts';

/**
 * How a plan looks in the event stream: each plan resource as a UI row
 * (`service:web#1` is the row `container:web#1`, named `app-web-1` even
 * while its replacement carries a temporary name), each action as a verb.
 */
export class PlanRows {
  readonly #names = new Map<string, string>();
  readonly #replicas = new Map<string, Set<string>>();
  readonly #removed = new Set<string>();

  constructor(nodes: readonly EngineNode[], decisions: readonly Decision[], namesOf: (resource: string) => string | undefined) {
    for (const decision of decisions) {
      this.#learn(decision.resource, namesOf(decision.resource));
      if (decision.bucket === 'remove') this.#removed.add(decision.resource);
    }
    for (const node of nodes) this.#learn(node.resource, finalName(node.action));
  }

  #learn(resource: string, name: string | undefined): void {
    const replica = /^service:(.+)#(\d+)$/.exec(resource);
    if (replica) (this.#replicas.get(replica[1] as string) ?? this.#replicas.set(replica[1] as string, new Set()).get(replica[1] as string))?.add(resource);
    if (name !== undefined && !this.#names.has(resource)) this.#names.set(resource, name);
  }

  /** The row a plan resource shows as. */
  ref(resource: string): ResourceRef {
    const replica = /^service:(.+)#(\d+)$/.exec(resource);
    if (replica) {
      const service = replica[1] as string;
      const number = Number(replica[2]);
      return { id: `container:${service}#${number}`, kind: 'container', name: this.#names.get(resource) ?? `${service}-${number}`, service, replica: number };
    }
    const colon = resource.indexOf(':');
    const kind = resource.slice(0, colon);
    const key = resource.slice(colon + 1);
    switch (kind) {
      case 'service': {
        // A wait on a one-replica service shows on that container's row, as Compose shows it.
        const replicas = [...(this.#replicas.get(key) ?? [])].filter((r) => !this.#removed.has(r));
        if (replicas.length === 1) return this.ref(replicas[0] as string);
        return { id: resource, kind: 'service', name: key, service: key };
      }
      case 'network':
      case 'volume':
      case 'image':
        return { id: resource, kind, name: this.#names.get(resource) ?? key };
      default:
        return { id: resource, kind: 'container', name: this.#names.get(resource) ?? key };
    }
  }

  /** The rows of a service's replicas that exist once the plan has run (scaled-down ones excluded). */
  replicaRows(service: string): ResourceRef[] {
    return [...(this.#replicas.get(service) ?? [])]
      .filter((r) => !this.#removed.has(r))
      .sort()
      .map((r) => this.ref(r));
  }

  describe(node: EngineNode): NodeDescription {
    return { resource: this.ref(node.resource), verb: verbOf(node.action) };
  }

  planned(decisions: readonly Decision[], nodes: readonly EngineNode[]): { resources: PlannedResource[]; nodes: PlannedNode[] } {
    const imageVerb = new Map<string, 'pull' | 'build'>();
    for (const node of nodes) if (node.action.kind === 'pullImage' || node.action.kind === 'buildImage') imageVerb.set(node.resource, node.action.kind === 'pullImage' ? 'pull' : 'build');
    return {
      resources: decisions.map((d) => ({ resource: this.ref(d.resource), bucket: imageVerb.get(d.resource) ?? d.bucket, reasons: d.reasons })),
      nodes: nodes.map((n) => ({ node: n.id, resource: this.ref(n.resource).id, verb: verbOf(n.action), ...(n.group !== undefined ? { group: n.group } : {}) })),
    };
  }
}

/** The name a node gives its resource for good: a rename's target, or a name that is not a replacement's temporary one. */
function finalName(action: EngineAction): string | undefined {
  switch (action.kind) {
    case 'renameContainer':
      return action.name;
    case 'createContainer':
      return action.replaces ? action.replaces.name : action.name;
    case 'createNetwork':
    case 'removeNetwork':
    case 'createVolume':
    case 'removeVolume':
      return action.name;
    case 'pullImage':
    case 'buildImage':
    case 'removeImage':
      return action.ref;
    case 'awaitCondition':
      return undefined;
    default:
      return 'container' in action && !/^[0-9a-f]{12}_/.test(action.container.name) ? action.container.name : undefined;
  }
}

export function verbOf(action: EngineAction): ActionVerb {
  switch (action.kind) {
    case 'pullImage':
      return 'pull';
    case 'buildImage':
      return 'build';
    case 'createNetwork':
    case 'createVolume':
    case 'createContainer':
      return 'create';
    case 'removeNetwork':
    case 'removeVolume':
    case 'removeContainer':
    case 'removeImage':
      return 'remove';
    case 'startContainer':
      return 'start';
    case 'stopContainer':
      return 'stop';
    case 'renameContainer':
      return 'rename';
    case 'connectNetwork':
      return 'connect';
    case 'disconnectNetwork':
      return 'disconnect';
    case 'awaitCondition':
    case 'awaitReady':
      return 'wait';
    case 'killContainer':
      return 'kill';
    case 'pauseContainer':
      return 'pause';
    case 'unpauseContainer':
      return 'unpause';
    case 'restartContainer':
      return 'restart';
  }
}
