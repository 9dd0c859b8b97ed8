/**
 * What the runtime holds for one project, as plain data: the engine fills it
 * from one listing pass (containers, networks and volumes filtered by the
 * `com.docker.compose.project` label, plus an image inspect per reference the
 * project uses), and the planner reads nothing else about the world. Nothing
 * here is a live handle: the planner stays pure, and a test writes an
 * ObservedState as JSON.
 *
 * Each field says where the engine reads it. "Label X" means the container's
 * (network's, volume's) label X; "list" is the Docker API listing
 * (`GET /containers/json?all=1`), "inspect" the inspect call.
 */

/** Docker's container states (list: `State`). */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** Health as the runtime reports it (inspect: `State.Health.Status`; list: the `(healthy)` suffix of `Status`). */
export type HealthState = 'starting' | 'healthy' | 'unhealthy';

export interface ObservedContainer {
  /** list: `Id`. */
  readonly id: string;
  /** list: `Names[0]` without its leading `/`. */
  readonly name: string;
  /** Label `com.docker.compose.service`. */
  readonly service: string;
  /** Label `com.docker.compose.container-number`; 0 when absent (one-off containers carry none). */
  readonly number: number;
  /** Label `com.docker.compose.oneoff` is `True`: a `run` container, never a replica. */
  readonly oneoff: boolean;
  /** list: `State`. */
  readonly state: ContainerState;
  /** inspect: `State.Health.Status`; absent when the container has no health check. */
  readonly health?: HealthState;
  /** inspect: `State.ExitCode` (list: the number in `Status`, `Exited (1) 2 minutes ago`); meaningful when exited. */
  readonly exitCode?: number;
  /** Label `com.docker.compose.config-hash`: the config hash the container was created with (hash.ts). */
  readonly configHash?: string;
  /**
   * Label `dev.stack.config`: the canonical JSON the config hash was computed
   * from (`serviceHashInput`). Optional: with it, a recreate names the changed
   * fields (`environment.MODE`); without it (a container made by Docker
   * Compose, or by an older stack) the reason is `config hash changed`. It is
   * trusted only when its sha256 equals `configHash`.
   */
  readonly config?: string;
  /** Label `com.docker.compose.image` (the image id recorded at create), else list: `ImageID`. */
  readonly image?: string;
  /** list: the keys of `NetworkSettings.Networks`: runtime network names the container is attached to. */
  readonly networks: readonly string[];
  /** list: `Mounts[].Name` of the mounts whose `Type` is `volume`: runtime names of named volumes it mounts. */
  readonly volumes: readonly string[];
  /**
   * inspect: the containers whose namespaces or volumes this one joined, by id
   * or name: `HostConfig.NetworkMode`, `IpcMode`, `PidMode` of the form
   * `container:<x>`, and `HostConfig.VolumesFrom`. Optional: when present, a
   * container that joined a container that no longer exists is recreated.
   */
  readonly joined?: readonly string[];
  /** list: `Created`, seconds since the epoch. Only shown; never decides anything. */
  readonly created: number;
}

export interface ObservedNetwork {
  /** list: `Id`. */
  readonly id: string;
  /** list: `Name`. */
  readonly name: string;
  /** Label `com.docker.compose.network`: the key in the compose file. */
  readonly key?: string;
  /** Label `com.docker.compose.config-hash`; absent on networks made by hand or by an older tool: those are never recreated. */
  readonly configHash?: string;
}

export interface ObservedVolume {
  /** list: `Name`. */
  readonly name: string;
  /** Label `com.docker.compose.volume`: the key in the compose file. */
  readonly key?: string;
  /** Label `com.docker.compose.config-hash`; absent means never judged diverged. */
  readonly configHash?: string;
}

export interface ObservedState {
  /** The project the listing was filtered by (label `com.docker.compose.project`). */
  readonly project: string;
  /** Every container of the project, one-offs included, in any order. */
  readonly containers: readonly ObservedContainer[];
  /** Networks labelled with the project, and declared ones found by name (unlabelled ones are reused as they are). */
  readonly networks: readonly ObservedNetwork[];
  /** Volumes labelled with the project, and declared ones found by name. */
  readonly volumes: readonly ObservedVolume[];
  /**
   * For each image reference the project uses (`nginx:1.27`, or
   * `<project>-<service>` for a built image): inspect's `Id` of the image that
   * reference names now. A reference that is absent is not present locally.
   */
  readonly images: Readonly<Record<string, string>>;
}

/** The state of a project that has nothing yet: the input of a first `up`. */
export function emptyObservedState(project: string): ObservedState {
  return { project, containers: [], networks: [], volumes: [], images: {} };
}
