import type { Readable } from 'node:stream';
import type { ContainerCreateBody } from './container-create-body.ts';
import type { DockerApi } from './docker-api.ts';
import * as containers from './docker-containers.ts';
import { events } from './docker-events.ts';
import * as images from './docker-images.ts';
import { containerLogs } from './docker-logs.ts';
import * as networks from './docker-networks.ts';
import { attachContainer, execContainer } from './docker-stdio.ts';
import * as system from './docker-system.ts';
import * as volumes from './docker-volumes.ts';
import type { NetworkCreateBody, VolumeCreateBody } from './resource-create-bodies.ts';
import type {
  AttachOptions, BuildOptions, CallOptions, ConnectOptions, CreateContainerOptions, DisconnectOptions, EventsOptions, ExecSession, ExecSpec,
  ForceOptions, ImportOptions, KillOptions, ListContainersOptions, ListFilterOptions, ListImagesOptions, LogsOptions, PendingWait, ProgressOptions,
  PruneImagesOptions, PullOptions, PutArchiveOptions, RemoveContainerOptions, RemoveImageOptions, RuntimeClient, StdioSession, StopOptions, TopOptions, WaitOptions,
} from './runtime-client.ts';
import type {
  BuildResult, ContainerDetails, ContainerStats, ContainerSummary, ContainerTop, CreatedContainer, ImageDetails, ImageSummary, LogLine,
  NetworkDetails, NetworkSummary, PathStat, RemovedImage, RuntimeEndpoint, RuntimeEvent, RuntimeInfo, RuntimeVersion, VolumeSummary, WaitResult,
} from './runtime-types.ts';

/**
 * The RuntimeClient over a Docker Engine API endpoint (Docker itself or
 * stackd). Each method is one engine request (attach and logs may inspect
 * first to learn whether the container has a TTY); the work lives in the
 * docker-*.ts files, one per kind of object.
 */
export class DockerClient implements RuntimeClient {
  readonly #api: DockerApi;

  constructor(api: DockerApi) {
    this.#api = api;
  }

  get endpoint(): RuntimeEndpoint {
    return this.#api.endpoint;
  }

  ping(o?: CallOptions): Promise<void> { return system.ping(this.#api, o); }
  version(o?: CallOptions): Promise<RuntimeVersion> { return system.version(this.#api, o); }
  info(o?: CallOptions): Promise<RuntimeInfo> { return system.info(this.#api, o); }

  listContainers(o?: ListContainersOptions): Promise<ContainerSummary[]> { return containers.listContainers(this.#api, o); }
  inspectContainer(id: string, o?: CallOptions): Promise<ContainerDetails> { return containers.inspectContainer(this.#api, id, o); }
  createContainer(name: string | undefined, body: ContainerCreateBody, o?: CreateContainerOptions): Promise<CreatedContainer> { return containers.createContainer(this.#api, name, body, o); }
  startContainer(id: string, o?: CallOptions): Promise<void> { return containers.startContainer(this.#api, id, o); }
  stopContainer(id: string, o?: StopOptions): Promise<void> { return containers.stopContainer(this.#api, id, o); }
  restartContainer(id: string, o?: StopOptions): Promise<void> { return containers.restartContainer(this.#api, id, o); }
  killContainer(id: string, o?: KillOptions): Promise<void> { return containers.killContainer(this.#api, id, o); }
  removeContainer(id: string, o?: RemoveContainerOptions): Promise<void> { return containers.removeContainer(this.#api, id, o); }
  renameContainer(id: string, name: string, o?: CallOptions): Promise<void> { return containers.renameContainer(this.#api, id, name, o); }
  pauseContainer(id: string, o?: CallOptions): Promise<void> { return containers.pauseContainer(this.#api, id, o); }
  unpauseContainer(id: string, o?: CallOptions): Promise<void> { return containers.unpauseContainer(this.#api, id, o); }
  waitContainer(id: string, o?: WaitOptions): Promise<WaitResult> { return containers.waitContainer(this.#api, id, o); }
  beginWait(id: string, o?: WaitOptions): Promise<PendingWait> { return containers.beginWait(this.#api, id, o); }
  containerLogs(id: string, o?: LogsOptions): AsyncIterable<LogLine> { return containerLogs(this.#api, id, o); }
  attachContainer(id: string, o?: AttachOptions): Promise<StdioSession> { return attachContainer(this.#api, id, o); }
  execContainer(id: string, spec: ExecSpec, o?: CallOptions): Promise<ExecSession> { return execContainer(this.#api, id, spec, o); }
  topContainer(id: string, o?: TopOptions): Promise<ContainerTop> { return containers.topContainer(this.#api, id, o); }
  containerStats(id: string, o?: CallOptions): Promise<ContainerStats> { return containers.containerStats(this.#api, id, o); }
  statPath(id: string, path: string, o?: CallOptions): Promise<PathStat> { return containers.statPath(this.#api, id, path, o); }
  getArchive(id: string, path: string, o?: CallOptions): Promise<{ readonly stat: PathStat; readonly tar: Readable }> { return containers.getArchive(this.#api, id, path, o); }
  putArchive(id: string, path: string, tar: Readable | Uint8Array, o?: PutArchiveOptions): Promise<void> { return containers.putArchive(this.#api, id, path, tar, o); }

  listNetworks(o?: ListFilterOptions): Promise<NetworkSummary[]> { return networks.listNetworks(this.#api, o); }
  inspectNetwork(id: string, o?: CallOptions): Promise<NetworkDetails> { return networks.inspectNetwork(this.#api, id, o); }
  createNetwork(body: NetworkCreateBody, o?: CallOptions): Promise<{ readonly id: string; readonly warning?: string }> { return networks.createNetwork(this.#api, body, o); }
  removeNetwork(id: string, o?: CallOptions): Promise<void> { return networks.removeNetwork(this.#api, id, o); }
  connectNetwork(network: string, container: string, o?: ConnectOptions): Promise<void> { return networks.connectNetwork(this.#api, network, container, o); }
  disconnectNetwork(network: string, container: string, o?: DisconnectOptions): Promise<void> { return networks.disconnectNetwork(this.#api, network, container, o); }

  listVolumes(o?: ListFilterOptions): Promise<VolumeSummary[]> { return volumes.listVolumes(this.#api, o); }
  inspectVolume(name: string, o?: CallOptions): Promise<VolumeSummary> { return volumes.inspectVolume(this.#api, name, o); }
  createVolume(body: VolumeCreateBody, o?: CallOptions): Promise<VolumeSummary> { return volumes.createVolume(this.#api, body, o); }
  removeVolume(name: string, o?: ForceOptions): Promise<void> { return volumes.removeVolume(this.#api, name, o); }

  listImages(o?: ListImagesOptions): Promise<ImageSummary[]> { return images.listImages(this.#api, o); }
  inspectImage(reference: string, o?: CallOptions): Promise<ImageDetails> { return images.inspectImage(this.#api, reference, o); }
  pullImage(reference: string, o?: PullOptions): Promise<{ readonly digest?: string }> { return images.pullImage(this.#api, reference, o); }
  removeImage(reference: string, o?: RemoveImageOptions): Promise<RemovedImage[]> { return images.removeImage(this.#api, reference, o); }
  tagImage(source: string, target: string, o?: CallOptions): Promise<void> { return images.tagImage(this.#api, source, target, o); }
  loadImage(tar: Readable | Uint8Array, o?: ProgressOptions<string>): Promise<{ readonly loaded: readonly string[] }> { return images.loadImage(this.#api, tar, o); }
  importImage(tar: Readable | Uint8Array, o?: ImportOptions): Promise<{ readonly id: string }> { return images.importImage(this.#api, tar, o); }
  buildImage(context: Readable | Uint8Array, o?: BuildOptions): Promise<BuildResult> { return images.buildImage(this.#api, context, o); }
  saveImage(references: readonly string[], o?: CallOptions): Promise<Readable> { return images.saveImage(this.#api, references, o); }
  pruneImages(o?: PruneImagesOptions): Promise<{ readonly removed: readonly RemovedImage[]; readonly spaceReclaimed: number }> { return images.pruneImages(this.#api, o); }

  events(o?: EventsOptions): AsyncIterable<RuntimeEvent> { return events(this.#api, o); }
}
