import { compareStrings, isErrorClass } from '../base/index.ts';
import { imageRef, serviceDependencies, type ContainerState, type HealthState, type ObservedContainer, type ObservedNetwork, type ObservedState, type ObservedVolume } from '../planner/index.ts';
import { composeLabel, parseComposeLabels, projectFilter, stackLabel, type ContainerSummary, type ImageDetails, type RuntimeClient } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import { networkNameOf } from './project-names.ts';

/**
 * One listing pass of the runtime for one project: its containers (stopped
 * ones and one-offs included), networks and volumes found by the project
 * label (and declared ones by name), and the images the project uses. Three
 * list calls and one inspect per image reference, whatever the number of
 * containers; a container is inspected only when it joined another one's
 * namespace (the list does not say which).
 */
export interface Observation {
  readonly state: ObservedState;
  /** The engine's list entries of the project's containers, by id: mounts, ports and labels the commands need. */
  readonly containers: ReadonlyMap<string, ContainerSummary>;
  /** Inspect results of the images in `state.images`, by reference. */
  readonly images: ReadonlyMap<string, ImageDetails>;
  /** The labels of each observed network and volume, by name: `down` removes only what carries the project label. */
  readonly labels: { readonly networks: ReadonlyMap<string, Readonly<Record<string, string>>>; readonly volumes: ReadonlyMap<string, Readonly<Record<string, string>>> };
}

export interface ObserveOptions {
  readonly signal?: AbortSignal;
}

/** Observes a loaded project; with only a name (`down -p x` without a file), observes what carries the label. */
export async function observeProject(client: RuntimeClient, project: Project | string, options: ObserveOptions = {}): Promise<Observation> {
  const name = typeof project === 'string' ? project : project.name;
  const { signal } = options;
  const declared = typeof project === 'string' ? { networks: [], volumes: [], images: [], joining: new Set<string>() } : declaredResources(project);
  const networkLabels = new Map<string, Readonly<Record<string, string>>>();
  const volumeLabels = new Map<string, Readonly<Record<string, string>>>();
  const [summaries, networks, volumes, images] = await Promise.all([
    client.listContainers({ all: true, labels: [projectFilter(name)], signal }),
    observeNetworks(client, name, declared.networks, signal, networkLabels),
    observeVolumes(client, name, declared.volumes, signal, volumeLabels),
    observeImages(client, declared.images, signal),
  ]);
  const containers = new Map<string, ContainerSummary>();
  const observed: ObservedContainer[] = [];
  const joinedOf = await joinedContainers(client, summaries.filter((s) => declared.joining.has(s.labels[composeLabel.service] ?? '')), signal);
  for (const summary of summaries) {
    const container = toObservedContainer(summary, joinedOf.get(summary.id));
    if (!container) continue;
    containers.set(summary.id, summary);
    observed.push(container);
  }
  observed.sort((a, b) => compareStrings(a.name, b.name));
  const imageIds: Record<string, string> = {};
  for (const [ref, details] of [...images].sort(([a], [b]) => compareStrings(a, b))) imageIds[ref] = details.id;
  return { state: { project: name, containers: observed, networks, volumes, images: imageIds }, containers, images, labels: { networks: networkLabels, volumes: volumeLabels } };
}

function declaredResources(project: Project): { networks: string[]; volumes: string[]; images: string[]; joining: Set<string> } {
  const networks = new Set<string>([networkNameOf(project, 'default'), ...Object.values(project.networks).map((n) => n.name)]);
  const volumes = Object.values(project.volumes).map((v) => v.name);
  const images = new Set<string>();
  const joining = new Set<string>();
  for (const service of Object.values(project.services)) {
    const ref = imageRef(project.name, service);
    if (ref !== undefined) images.add(ref);
    if (serviceDependencies(service).some((d) => d.kinds.some((k) => k !== 'depends_on' && k !== 'links'))) joining.add(service.name);
  }
  return { networks: [...networks].sort(compareStrings), volumes: [...volumes].sort(compareStrings), images: [...images].sort(compareStrings), joining };
}

/** A list entry as the planner sees it; undefined for a container that carries the project label but no service (not one of ours). */
export function toObservedContainer(summary: ContainerSummary, joined?: readonly string[]): ObservedContainer | undefined {
  const labels = parseComposeLabels(summary.labels);
  if (labels.service === undefined) return undefined;
  const config = summary.labels[stackLabel.config];
  return {
    id: summary.id,
    name: summary.name,
    service: labels.service,
    number: labels.containerNumber ?? 0,
    oneoff: labels.oneoff === true,
    state: summary.state as ContainerState,
    ...(summary.health !== undefined ? { health: summary.health as HealthState } : {}),
    ...(summary.exitCode !== undefined ? { exitCode: summary.exitCode } : {}),
    ...(labels.configHash !== undefined ? { configHash: labels.configHash } : {}),
    ...(config !== undefined ? { config } : {}),
    image: labels.image ?? summary.imageId,
    networks: summary.networks.map((n) => n.name).sort(compareStrings),
    volumes: summary.mounts.flatMap((m) => (m.type === 'volume' && m.name !== undefined ? [m.name] : [])).sort(compareStrings),
    ...(joined !== undefined ? { joined } : {}),
    created: Math.floor(summary.created / 1000),
  };
}

async function joinedContainers(client: RuntimeClient, summaries: readonly ContainerSummary[], signal: AbortSignal | undefined): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  await Promise.all(
    summaries.map(async (summary) => {
      try {
        const details = await client.inspectContainer(summary.id, { signal });
        const host = (details.raw.HostConfig ?? {}) as Record<string, unknown>;
        const joined: string[] = [];
        for (const field of ['NetworkMode', 'IpcMode', 'PidMode']) {
          const mode = host[field];
          if (typeof mode === 'string' && mode.startsWith('container:')) joined.push(mode.slice('container:'.length));
        }
        for (const entry of Array.isArray(host.VolumesFrom) ? host.VolumesFrom : []) if (typeof entry === 'string') joined.push(entry.split(':')[0] ?? entry);
        out.set(summary.id, [...new Set(joined)].sort(compareStrings));
      } catch (error) {
        // Removed between the list and the inspect: the next pass sees it gone.
        if (!isErrorClass(error, 'NotFound')) throw error;
      }
    }),
  );
  return out;
}

async function observeNetworks(
  client: RuntimeClient,
  project: string,
  declared: readonly string[],
  signal: AbortSignal | undefined,
  labelsOut: Map<string, Readonly<Record<string, string>>>,
): Promise<ObservedNetwork[]> {
  const [labelled, named] = await Promise.all([
    client.listNetworks({ labels: [projectFilter(project)], signal }),
    declared.length > 0 ? client.listNetworks({ names: declared, signal }) : Promise.resolve([]),
  ]);
  const byName = new Map<string, ObservedNetwork>();
  const wanted = new Set(declared);
  // Docker's name filter matches substrings: keep exact names only.
  for (const network of [...labelled, ...named.filter((n) => wanted.has(n.name))]) {
    const labels = parseComposeLabels(network.labels);
    labelsOut.set(network.name, network.labels);
    byName.set(network.name, {
      id: network.id,
      name: network.name,
      ...(labels.network !== undefined ? { key: labels.network } : {}),
      ...(labels.configHash !== undefined && labels.project === project ? { configHash: labels.configHash } : {}),
    });
  }
  return [...byName.values()].sort((a, b) => compareStrings(a.name, b.name));
}

async function observeVolumes(
  client: RuntimeClient,
  project: string,
  declared: readonly string[],
  signal: AbortSignal | undefined,
  labelsOut: Map<string, Readonly<Record<string, string>>>,
): Promise<ObservedVolume[]> {
  const [labelled, named] = await Promise.all([
    client.listVolumes({ labels: [projectFilter(project)], signal }),
    declared.length > 0 ? client.listVolumes({ names: declared, signal }) : Promise.resolve([]),
  ]);
  const byName = new Map<string, ObservedVolume>();
  const wanted = new Set(declared);
  for (const volume of [...labelled, ...named.filter((v) => wanted.has(v.name))]) {
    const labels = parseComposeLabels(volume.labels);
    labelsOut.set(volume.name, volume.labels);
    byName.set(volume.name, {
      name: volume.name,
      ...(labels.volume !== undefined ? { key: labels.volume } : {}),
      ...(labels.configHash !== undefined && labels.project === project ? { configHash: labels.configHash } : {}),
    });
  }
  return [...byName.values()].sort((a, b) => compareStrings(a.name, b.name));
}

async function observeImages(client: RuntimeClient, refs: readonly string[], signal: AbortSignal | undefined): Promise<Map<string, ImageDetails>> {
  const out = new Map<string, ImageDetails>();
  await Promise.all(
    refs.map(async (ref) => {
      try {
        out.set(ref, await client.inspectImage(ref, { signal }));
      } catch (error) {
        if (!isErrorClass(error, 'NotFound')) throw error;
      }
    }),
  );
  return out;
}
