import { compareStrings, sha256Hex } from '../../base/index.ts';
import type { Project } from '../../spec/index.ts';
import type { Action, ContainerRef } from '../actions.ts';
import { joiningKinds, serviceDependencies } from '../dependencies.ts';
import { networkConfig } from '../names.ts';
import type { ObservedContainer, ObservedNetwork, ObservedState, ObservedVolume } from '../observed.ts';
import type { Plan, PlanNode } from '../plan.ts';
import { serviceNetworkKeys, serviceVolumeKeys } from '../usage.ts';

/**
 * A runtime in memory, for tests: applies a plan's actions to an
 * ObservedState the way Docker would, and refuses what Docker refuses (a
 * name taken twice, removing a running container or a network in use,
 * creating from a missing image or on a missing network, starting what does
 * not exist). So a plan that applies here without error and re-plans to
 * nothing is a plan whose order and content are right.
 *
 * Not a fake of the runtime client: it models the state the planner sees,
 * nothing more (no processes, no logs; a started container just runs).
 */
export class MemoryRuntimeError extends Error {
  readonly node: number;

  constructor(node: number, message: string) {
    super(`#${node}: ${message}`);
    this.name = 'MemoryRuntimeError';
    this.node = node;
  }
}

export interface MemoryRuntimeOptions {
  /** References whose pull (or build) yields a new image id even when one is present: a registry with a newer image. */
  readonly changedImages?: ReadonlySet<string>;
}

export class MemoryRuntime {
  readonly #project: Project;
  readonly #options: MemoryRuntimeOptions;
  readonly #containers = new Map<string, Mutable<ObservedContainer>>();
  readonly #networks = new Map<string, ObservedNetwork>();
  readonly #volumes = new Map<string, ObservedVolume>();
  readonly #images = new Map<string, string>();
  #sequence = 0;

  constructor(project: Project, observed: ObservedState, options: MemoryRuntimeOptions = {}) {
    this.#project = project;
    this.#options = options;
    for (const c of observed.containers) this.#containers.set(c.id, { ...c, networks: [...c.networks], volumes: [...c.volumes] });
    for (const n of observed.networks) this.#networks.set(n.name, n);
    for (const v of observed.volumes) this.#volumes.set(v.name, v);
    for (const [ref, id] of Object.entries(observed.images)) this.#images.set(ref, id);
  }

  /** Applies the nodes in `order` (node ids; default: id order), checking each node runs after its dependencies. */
  apply(plan: Plan, order: readonly number[] = plan.nodes.map((n) => n.id)): ObservedState {
    const byId = new Map(plan.nodes.map((n) => [n.id, n]));
    const done = new Set<number>();
    const created = new Map<number, string>();
    for (const id of order) {
      const node = byId.get(id);
      if (!node) throw new MemoryRuntimeError(id, 'no such node');
      for (const dep of node.dependsOn) if (!done.has(dep)) throw new MemoryRuntimeError(id, `runs before its dependency #${dep}`);
      this.#run(node, created);
      done.add(id);
    }
    return this.state();
  }

  state(): ObservedState {
    const byName = <T extends { name: string }>(a: T, b: T): number => compareStrings(a.name, b.name);
    return {
      project: this.#project.name,
      containers: [...this.#containers.values()].map((c) => ({ ...c })).sort(byName),
      networks: [...this.#networks.values()].sort(byName),
      volumes: [...this.#volumes.values()].sort(byName),
      images: Object.fromEntries([...this.#images.entries()].sort(([a], [b]) => compareStrings(a, b))),
    };
  }

  #run(node: PlanNode, created: Map<number, string>): void {
    const fail = (message: string): never => {
      throw new MemoryRuntimeError(node.id, message);
    };
    const action: Action = node.action;
    switch (action.kind) {
      case 'pullImage':
      case 'buildImage': {
        if (!this.#images.has(action.ref) || this.#options.changedImages?.has(action.ref)) this.#images.set(action.ref, this.#newId(`image ${action.ref}`));
        return;
      }
      case 'createNetwork':
        if (this.#networks.has(action.name)) fail(`network ${action.name} exists`);
        this.#networks.set(action.name, { id: this.#newId(action.name), name: action.name, key: action.key, configHash: action.configHash });
        return;
      case 'removeNetwork': {
        if (!this.#networks.has(action.name)) fail(`no network ${action.name}`);
        const users = [...this.#containers.values()].filter((c) => c.networks.includes(action.name));
        if (users.length > 0) fail(`network ${action.name} is in use by ${users.map((c) => c.name).join(', ')}`);
        this.#networks.delete(action.name);
        return;
      }
      case 'createVolume':
        if (this.#volumes.has(action.name)) fail(`volume ${action.name} exists`);
        this.#volumes.set(action.name, { name: action.name, key: action.key, configHash: action.configHash });
        return;
      case 'removeVolume':
        if ([...this.#containers.values()].some((c) => c.volumes.includes(action.name))) fail(`volume ${action.name} is in use`);
        this.#volumes.delete(action.name);
        return;
      case 'createContainer': {
        if (this.#byName(action.name)) fail(`name ${action.name} is taken`);
        const image = this.#images.get(action.imageRef) ?? fail(`no image ${action.imageRef}`);
        const service = this.#project.services[action.service] ?? fail(`no service ${action.service}`);
        if (action.replaces && !this.#containers.has(action.replaces.id)) fail(`the container it replaces (${action.replaces.name}) is gone`);
        const networks = serviceNetworkKeys(service).map((key) => networkConfig(this.#project, key)?.name ?? fail(`no network ${key}`));
        for (const name of networks) if (!this.#networks.has(name)) fail(`network ${name} does not exist`);
        const volumes = serviceVolumeKeys(service).map((key) => this.#project.volumes[key]?.name ?? fail(`no volume ${key}`));
        for (const name of volumes) if (!this.#volumes.has(name)) fail(`volume ${name} does not exist`);
        const joined: string[] = [];
        for (const dependency of serviceDependencies(service)) {
          if (!dependency.kinds.some((k) => joiningKinds.has(k) || k === 'links')) continue;
          const peer = action.peers[dependency.service]?.[0] ?? fail(`no peer named for ${dependency.service}`);
          const container = this.#byName(peer) ?? fail(`peer ${peer} does not exist`);
          if (dependency.kinds.some((k) => joiningKinds.has(k))) joined.push(container.id);
        }
        const id = this.#newId(action.name);
        created.set(node.id, id);
        this.#containers.set(id, {
          id,
          name: action.name,
          service: action.service,
          number: action.number,
          oneoff: false,
          state: 'created',
          configHash: action.configHash,
          config: action.config,
          image,
          networks,
          volumes,
          ...(joined.length > 0 ? { joined } : {}),
          created: this.#sequence,
        });
        return;
      }
      case 'startContainer': {
        const container = this.#resolve(action.container, created, fail);
        if (container.state === 'running' || container.state === 'restarting') fail(`${container.name} is already running`);
        for (const name of container.networks) if (!this.#networks.has(name)) fail(`${container.name}: network ${name} is gone`);
        for (const ref of container.joined ?? []) if (!this.#containers.has(ref)) fail(`${container.name}: joined container ${ref} is gone`);
        container.state = 'running';
        delete container.exitCode;
        return;
      }
      case 'stopContainer': {
        const container = this.#resolve(action.container, created, fail);
        if (!['running', 'restarting', 'paused'].includes(container.state)) fail(`${container.name} is not running`);
        container.state = 'exited';
        // SIGTERM: a stop the plan forgets to undo shows up as "exited 143" on the next plan.
        container.exitCode = 143;
        return;
      }
      case 'removeContainer': {
        const container = this.#resolve(action.container, created, fail);
        if (['running', 'restarting', 'paused'].includes(container.state)) fail(`${container.name} is running`);
        this.#containers.delete(container.id);
        return;
      }
      case 'renameContainer': {
        const container = this.#resolve(action.container, created, fail);
        if (this.#byName(action.name)) fail(`name ${action.name} is taken`);
        container.name = action.name;
        return;
      }
      case 'connectNetwork': {
        const container = this.#resolve(action.container, created, fail);
        if (!this.#networks.has(action.network)) fail(`no network ${action.network}`);
        if (container.networks.includes(action.network)) fail(`${container.name} is already on ${action.network}`);
        container.networks = [...container.networks, action.network].sort(compareStrings);
        return;
      }
      case 'disconnectNetwork': {
        const container = this.#resolve(action.container, created, fail);
        if (!container.networks.includes(action.network)) fail(`${container.name} is not on ${action.network}`);
        container.networks = container.networks.filter((n) => n !== action.network);
        return;
      }
      case 'awaitCondition':
        // The condition itself is the executor's to observe; what the model checks is the order,
        // above: a wait runs after the starts it depends on.
        return;
    }
  }

  #resolve(ref: ContainerRef, created: ReadonlyMap<number, string>, fail: (message: string) => never): Mutable<ObservedContainer> {
    const id = ref.source === 'observed' ? ref.id : created.get(ref.node);
    const container = id === undefined ? undefined : this.#containers.get(id);
    if (!container) return fail(`no container ${ref.name}`);
    if (container.name !== ref.name) return fail(`container ${container.name} was expected to be named ${ref.name}`);
    return container;
  }

  #byName(name: string): Mutable<ObservedContainer> | undefined {
    for (const c of this.#containers.values()) if (c.name === name) return c;
    return undefined;
  }

  #newId(seed: string): string {
    this.#sequence += 1;
    return sha256Hex(`${this.#sequence}:${seed}`);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One-shot helper: the state after applying `plan` to `observed` in id order. */
export function applyPlan(project: Project, observed: ObservedState, plan: Plan, options?: MemoryRuntimeOptions): ObservedState {
  return new MemoryRuntime(project, observed, options).apply(plan);
}
