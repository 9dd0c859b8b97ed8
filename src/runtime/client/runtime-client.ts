import type { Readable, Writable } from 'node:stream';
import type { ContainerCreateBody } from './container-create-body.ts';
import type { NetworkCreateBody, VolumeCreateBody } from './resource-create-bodies.ts';
import type {
  BuildResult, ContainerDetails, ContainerStats, ContainerSummary, ContainerTop, CreatedContainer, ImageDetails, ImageSummary,
  LogLine, NetworkDetails, NetworkSummary, PathStat, PullProgress, RemovedImage, RuntimeEndpoint, RuntimeEvent, RuntimeInfo,
  RuntimeVersion, VolumeSummary, WaitResult,
} from './runtime-types.ts';

/**
 * RuntimeClient: the one way stack drives a container engine, Docker or
 * stackd (which serves the same Docker Engine API subset).
 *
 * The model, after the Docker Engine API:
 * - An engine holds four kinds of object: containers, images, networks and
 *   volumes. Each is found by name or by id; a name is unique per engine.
 * - A container is made from an image and a create body, then moves through
 *   created → running ⇄ paused, running → exited (or restarting, under a
 *   restart policy), and is finally removed. start and stop on a container
 *   already in that state succeed (the engine answers 304).
 * - A container joins networks as endpoints; each endpoint has addresses and
 *   aliases that the engine's DNS answers for other members of the network.
 * - Labels are the only state stack keeps: everything it creates carries the
 *   Compose labels (labels.ts), and observation is a label-filtered list.
 *   There is no state file: the engine is the database.
 * - Long operations stream: logs and events are async iterables; attach and
 *   exec give stdio streams; pull, load and build report progress through a
 *   callback while the call is pending.
 *
 * Conventions:
 * - Every method takes an options bag last, with `signal`. A fired signal
 *   rejects a pending call with Canceled (STK5099) and ends an iterable
 *   quietly, so `for await` loops need no try/catch for Ctrl+C.
 * - Failures are StackErrors with a 50xx code and an errorClass: NotFound,
 *   Conflict, InvalidArgument, Unavailable, PermissionDenied,
 *   FailedPrecondition. The engine's own message is kept inside ours.
 * - Requests Docker defines as a JSON body (container, network and volume
 *   create) take that body as is, PascalCase; everything returned is ours,
 *   camelCase, with the raw engine JSON beside it where `inspect` prints it.
 */
export interface RuntimeClient {
  /** Where this client talks to, for messages and `stack info`. */
  readonly endpoint: RuntimeEndpoint;

  ping(options?: CallOptions): Promise<void>;
  version(options?: CallOptions): Promise<RuntimeVersion>;
  info(options?: CallOptions): Promise<RuntimeInfo>;

  listContainers(options?: ListContainersOptions): Promise<ContainerSummary[]>;
  inspectContainer(idOrName: string, options?: CallOptions): Promise<ContainerDetails>;
  createContainer(name: string | undefined, body: ContainerCreateBody, options?: CreateContainerOptions): Promise<CreatedContainer>;
  startContainer(idOrName: string, options?: CallOptions): Promise<void>;
  stopContainer(idOrName: string, options?: StopOptions): Promise<void>;
  restartContainer(idOrName: string, options?: StopOptions): Promise<void>;
  killContainer(idOrName: string, options?: KillOptions): Promise<void>;
  removeContainer(idOrName: string, options?: RemoveContainerOptions): Promise<void>;
  renameContainer(idOrName: string, newName: string, options?: CallOptions): Promise<void>;
  pauseContainer(idOrName: string, options?: CallOptions): Promise<void>;
  unpauseContainer(idOrName: string, options?: CallOptions): Promise<void>;
  /** Resolves once the condition holds, with the exit code. */
  waitContainer(idOrName: string, options?: WaitOptions): Promise<WaitResult>;
  /**
   * Like waitContainer, but resolves as soon as the engine has registered the
   * wait, so a caller can wait for `next-exit` and only then start (no race).
   */
  beginWait(idOrName: string, options?: WaitOptions): Promise<PendingWait>;
  /** Output lines, demultiplexed when the container has no TTY. */
  containerLogs(idOrName: string, options?: LogsOptions): AsyncIterable<LogLine>;
  attachContainer(idOrName: string, options?: AttachOptions): Promise<StdioSession>;
  execContainer(idOrName: string, spec: ExecSpec, options?: CallOptions): Promise<ExecSession>;
  topContainer(idOrName: string, options?: TopOptions): Promise<ContainerTop>;
  /** One sample: CPU % over the engine's sampling interval, memory now. */
  containerStats(idOrName: string, options?: CallOptions): Promise<ContainerStats>;
  statPath(idOrName: string, path: string, options?: CallOptions): Promise<PathStat>;
  /** A tar stream of `path` (a file or a directory) inside the container. */
  getArchive(idOrName: string, path: string, options?: CallOptions): Promise<{ readonly stat: PathStat; readonly tar: Readable }>;
  /** Extracts a tar into the directory `path` inside the container. */
  putArchive(idOrName: string, path: string, tar: Readable | Uint8Array, options?: PutArchiveOptions): Promise<void>;

  listNetworks(options?: ListFilterOptions): Promise<NetworkSummary[]>;
  inspectNetwork(idOrName: string, options?: CallOptions): Promise<NetworkDetails>;
  createNetwork(body: NetworkCreateBody, options?: CallOptions): Promise<{ readonly id: string; readonly warning?: string }>;
  removeNetwork(idOrName: string, options?: CallOptions): Promise<void>;
  connectNetwork(network: string, container: string, options?: ConnectOptions): Promise<void>;
  disconnectNetwork(network: string, container: string, options?: DisconnectOptions): Promise<void>;

  listVolumes(options?: ListFilterOptions): Promise<VolumeSummary[]>;
  inspectVolume(name: string, options?: CallOptions): Promise<VolumeSummary>;
  createVolume(body: VolumeCreateBody, options?: CallOptions): Promise<VolumeSummary>;
  removeVolume(name: string, options?: ForceOptions): Promise<void>;

  listImages(options?: ListImagesOptions): Promise<ImageSummary[]>;
  /** NotFound (STK5006) when the engine does not have it. */
  inspectImage(reference: string, options?: CallOptions): Promise<ImageDetails>;
  pullImage(reference: string, options?: PullOptions): Promise<{ readonly digest?: string }>;
  removeImage(reference: string, options?: RemoveImageOptions): Promise<RemovedImage[]>;
  tagImage(source: string, target: string, options?: CallOptions): Promise<void>;
  /** A `docker save` archive (or an OCI layout tar); resolves with what it loaded. */
  loadImage(tar: Readable | Uint8Array, options?: ProgressOptions<string>): Promise<{ readonly loaded: readonly string[] }>;
  /** A root filesystem tar as a one-layer image (`docker import`). */
  importImage(tar: Readable | Uint8Array, options?: ImportOptions): Promise<{ readonly id: string }>;
  /** A build context tar (with its Dockerfile) to an image. */
  buildImage(context: Readable | Uint8Array, options?: BuildOptions): Promise<BuildResult>;
  /** `docker save` of the images named, as a tar stream (consume or destroy it). */
  saveImage(references: readonly string[], options?: CallOptions): Promise<Readable>;
  /** Removes dangling images, or with `all` every image no container uses. */
  pruneImages(options?: PruneImagesOptions): Promise<{ readonly removed: readonly RemovedImage[]; readonly spaceReclaimed: number }>;

  /** Engine events; follows until the signal fires unless `until` is given. */
  events(options?: EventsOptions): AsyncIterable<RuntimeEvent>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Filters as Docker takes them; every list of one filter is an OR, different filters AND. */
export interface ListFilterOptions extends CallOptions {
  /** `key` (present) or `key=value`; see labels.ts for the compose keys and projectFilter(). */
  readonly labels?: readonly string[];
  /** Docker matches names as substrings (a regular expression for containers): check the result. */
  readonly names?: readonly string[];
  readonly ids?: readonly string[];
}

export interface ListContainersOptions extends ListFilterOptions {
  /** Include containers that are not running (default: running only, as Docker). */
  readonly all?: boolean;
  readonly status?: readonly ContainerState[];
}

export interface PruneImagesOptions extends CallOptions {
  /** Every unused image, not only dangling ones. */
  readonly all?: boolean;
}

export interface ListImagesOptions extends CallOptions {
  readonly labels?: readonly string[];
  /** `repo` or `repo:tag` patterns. */
  readonly references?: readonly string[];
  readonly dangling?: boolean;
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface CreateContainerOptions extends CallOptions {
  /** `linux/amd64`: the image variant to use when the engine has several. */
  readonly platform?: string;
}

export interface StopOptions extends CallOptions {
  /** Grace period before SIGKILL; absent: the container's StopTimeout, else the engine's default (10 s). */
  readonly timeoutSeconds?: number;
}

export interface KillOptions extends CallOptions {
  /** `SIGTERM`, `TERM` or a number; default SIGKILL. */
  readonly killSignal?: string;
}

export interface RemoveContainerOptions extends CallOptions {
  /** Kill it first if it runs. */
  readonly force?: boolean;
  /** Remove its anonymous volumes too. */
  readonly volumes?: boolean;
}

export interface ForceOptions extends CallOptions {
  readonly force?: boolean;
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export interface WaitOptions extends CallOptions {
  /** Default `not-running`. */
  readonly condition?: WaitCondition;
}

export interface PendingWait {
  /** Never rejects unhandled: a failure surfaces only where it is awaited. */
  readonly exited: Promise<WaitResult>;
}

export interface LogsOptions extends CallOptions {
  readonly follow?: boolean;
  /** Lines from the end; default all. */
  readonly tail?: number | 'all';
  /** A Date, or seconds since the epoch. */
  readonly since?: Date | number;
  readonly until?: Date | number;
  /** Ask the engine for a timestamp per line (LogLine.time). */
  readonly timestamps?: boolean;
  readonly stdout?: boolean;
  readonly stderr?: boolean;
  /** Whether the container has a TTY, when the caller knows; saves an inspect. */
  readonly tty?: boolean;
}

export interface AttachOptions extends CallOptions {
  readonly stdin?: boolean;
  /** Replay the output so far before the live stream. */
  readonly logs?: boolean;
  readonly tty?: boolean;
}

export interface ExecSpec {
  readonly cmd: readonly string[];
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly tty?: boolean;
  /** Keep stdin open: ExecSession.stdin is writable; end() it to send EOF. */
  readonly stdin?: boolean;
  readonly privileged?: boolean;
  /** Start and return at once, without streams (`exec -d`). */
  readonly detach?: boolean;
}

export interface TerminalSize {
  readonly rows: number;
  readonly columns: number;
}

/** The stdio of an attached container or exec. With a TTY everything arrives on stdout. */
export interface StdioSession {
  readonly tty: boolean;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Present when stdin was asked for. */
  readonly stdin: Writable | undefined;
  /** Resolves when the engine has closed the output (the process ended or detached). */
  readonly closed: Promise<void>;
  resize(size: TerminalSize, options?: CallOptions): Promise<void>;
  /** Drops the connection; the process goes on. */
  close(): void;
}

export interface ExecSession extends StdioSession {
  readonly id: string;
  /** Waits for the output to close, then for the engine to record the exit code. */
  exitCode(options?: CallOptions): Promise<number>;
}

export interface TopOptions extends CallOptions {
  /** `ps` arguments (default `-ef`). */
  readonly psArgs?: string;
}

export interface PutArchiveOptions extends CallOptions {
  readonly noOverwriteDirNonDir?: boolean;
  readonly copyUidGid?: boolean;
}

export interface ConnectOptions extends CallOptions {
  readonly aliases?: readonly string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly links?: readonly string[];
  readonly macAddress?: string;
  readonly driverOpts?: Readonly<Record<string, string>>;
}

export interface DisconnectOptions extends CallOptions {
  readonly force?: boolean;
}

export interface ProgressOptions<T> extends CallOptions {
  readonly onProgress?: (progress: T) => void;
}

export interface RegistryAuth {
  readonly username?: string;
  readonly password?: string;
  readonly identityToken?: string;
  readonly serverAddress?: string;
}

export interface PullOptions extends ProgressOptions<PullProgress> {
  readonly platform?: string;
  readonly auth?: RegistryAuth;
}

export interface RemoveImageOptions extends CallOptions {
  readonly force?: boolean;
  readonly noPrune?: boolean;
}

export interface ImportOptions extends ProgressOptions<string> {
  /** `repo:tag` to give the new image. */
  readonly reference?: string;
  /** Dockerfile instructions applied to the config: `CMD ["sh"]`, `ENV A=b`. */
  readonly changes?: readonly string[];
  readonly message?: string;
  readonly platform?: string;
}

export interface BuildOptions extends ProgressOptions<string> {
  readonly tags?: readonly string[];
  /** Path of the Dockerfile inside the context; default `Dockerfile`. */
  readonly dockerfile?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly noCache?: boolean;
  readonly pull?: boolean;
  readonly cacheFrom?: readonly string[];
  readonly networkMode?: string;
  readonly extraHosts?: readonly string[];
  readonly platform?: string;
  readonly shmSize?: number;
  readonly auth?: Readonly<Record<string, RegistryAuth>>;
}

export type EventType = 'container' | 'image' | 'network' | 'volume' | 'daemon' | 'plugin' | 'service' | 'node' | 'secret' | 'config';

export interface EventsOptions extends CallOptions {
  readonly labels?: readonly string[];
  readonly types?: readonly EventType[];
  /** Actions: `start`, `die`, `health_status`... */
  readonly actions?: readonly string[];
  readonly containers?: readonly string[];
  readonly since?: Date | number;
  /** Stop at this time (the stream ends by itself). */
  readonly until?: Date | number;
}
