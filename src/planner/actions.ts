import type { BuildConfig, DependsOnCondition, NetworkConfig, ServiceNetworkConfig, VolumeConfig } from '../spec/index.ts';

/**
 * The actions of a plan: each is exactly one runtime call, and carries
 * everything the executor needs to make it, so the executor decides nothing.
 * The one exception to "one call" is `awaitCondition`, which the executor
 * performs by observing (polling or events) until the condition holds.
 */

/**
 * The container an action is about: one that exists now (`observed`), or one
 * this plan creates (`plan`: the id of the createContainer node, whose result
 * gives the executor the new container's id). `name` is its name at that
 * point of the plan (a replacement has its temporary name until renamed).
 */
export type ContainerRef =
  | { readonly source: 'observed'; readonly id: string; readonly name: string }
  | { readonly source: 'plan'; readonly node: number; readonly name: string };

export interface PullImageAction {
  readonly kind: 'pullImage';
  readonly ref: string;
  readonly platform?: string;
}

export interface BuildImageAction {
  readonly kind: 'buildImage';
  readonly ref: string;
  /** The service whose `build:` section is used (the first by name when several build the same reference). */
  readonly service: string;
  readonly build: BuildConfig;
  readonly platform?: string;
}

export interface CreateNetworkAction {
  readonly kind: 'createNetwork';
  readonly project: string;
  readonly key: string;
  /** The runtime name: `<project>_<key>` unless the file set `name:`. */
  readonly name: string;
  /** For the `com.docker.compose.config-hash` label. */
  readonly configHash: string;
  readonly config: NetworkConfig;
}

export interface RemoveNetworkAction {
  readonly kind: 'removeNetwork';
  readonly key: string;
  readonly name: string;
  readonly id: string;
}

export interface CreateVolumeAction {
  readonly kind: 'createVolume';
  readonly project: string;
  readonly key: string;
  readonly name: string;
  readonly configHash: string;
  readonly config: VolumeConfig;
}

export interface RemoveVolumeAction {
  readonly kind: 'removeVolume';
  readonly key: string;
  readonly name: string;
}

export interface CreateContainerAction {
  readonly kind: 'createContainer';
  readonly project: string;
  readonly service: string;
  /** For the `com.docker.compose.container-number` label. */
  readonly number: number;
  /** The name to create it under: the final name, or the temporary `<old id 12>_<name>` of a replacement. */
  readonly name: string;
  /** For the `com.docker.compose.config-hash` label. */
  readonly configHash: string;
  /** For the `dev.stack.config` label: the canonical JSON whose sha256 is `configHash`. */
  readonly config: string;
  /** The image reference to create it from (the engine records the image id in `com.docker.compose.image`). */
  readonly imageRef: string;
  /** The container this one replaces (for the `com.docker.compose.replace` label). */
  readonly replaces?: { readonly id: string; readonly name: string };
  /** Take over the replaced container's anonymous volumes (Compose's default; `--renew-anon-volumes` turns it off). */
  readonly inheritVolumes: boolean;
  /**
   * The containers of other services this one names in its create call
   * (`network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:x`, `volumes_from`,
   * `links`): service → final container names after this plan, lowest
   * number first. The one to join is the first.
   */
  readonly peers: Readonly<Record<string, readonly string[]>>;
}

export interface StartContainerAction {
  readonly kind: 'startContainer';
  readonly container: ContainerRef;
}

export interface StopContainerAction {
  readonly kind: 'stopContainer';
  readonly container: ContainerRef;
  /** Seconds before SIGKILL: `-t`, else the service's `stop_grace_period`; absent means the runtime's default. */
  readonly timeoutSeconds?: number;
}

export interface RemoveContainerAction {
  readonly kind: 'removeContainer';
  readonly container: ContainerRef;
  /** Also remove its anonymous volumes. False in `up`: a replacement inherits them. */
  readonly removeVolumes: boolean;
}

export interface RenameContainerAction {
  readonly kind: 'renameContainer';
  readonly container: ContainerRef;
  readonly name: string;
}

export interface ConnectNetworkAction {
  readonly kind: 'connectNetwork';
  readonly container: ContainerRef;
  readonly key: string;
  /** The runtime name of the network. */
  readonly network: string;
  /** The service name first, then the endpoint's `aliases`. */
  readonly aliases: readonly string[];
  readonly endpoint?: ServiceNetworkConfig;
}

export interface DisconnectNetworkAction {
  readonly kind: 'disconnectNetwork';
  readonly container: ContainerRef;
  readonly key: string;
  readonly network: string;
}

export interface AwaitConditionAction {
  readonly kind: 'awaitCondition';
  readonly project: string;
  /** The service whose containers must meet the condition. */
  readonly service: string;
  readonly condition: DependsOnCondition;
  /** False: a failure is reported as a warning and the dependents start anyway. */
  readonly required: boolean;
  /** The services waiting, for messages. */
  readonly dependents: readonly string[];
}

export type Action =
  | PullImageAction
  | BuildImageAction
  | CreateNetworkAction
  | RemoveNetworkAction
  | CreateVolumeAction
  | RemoveVolumeAction
  | CreateContainerAction
  | StartContainerAction
  | StopContainerAction
  | RemoveContainerAction
  | RenameContainerAction
  | ConnectNetworkAction
  | DisconnectNetworkAction
  | AwaitConditionAction;

export type ActionKind = Action['kind'];
