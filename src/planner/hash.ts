import { canonicalJson, hashValue, sha256Hex } from '../base/index.ts';
import { serviceHashInput as serviceModel } from '../spec/index.ts';
import type { NetworkConfig, Project, ServiceConfig, VolumeConfig } from '../spec/index.ts';

/**
 * Config hashes: what a container, network or volume was made from, reduced
 * to one sha256 that the engine stores in the `com.docker.compose.config-hash`
 * label. When the hash of the desired config differs from the label, the
 * resource has diverged and is recreated.
 *
 * A service's hash covers its model (the service config minus the fields
 * Docker Compose leaves out because they do not change a container: build,
 * pull_policy, scale, deploy.replicas, depends_on, profiles; that part is
 * the loader's `serviceHashInput`, which `stack config --hash` prints) and, unlike
 * Compose's (docker/compose#11900, #13045), the contents of the files it
 * names: env files, `file:` configs and secrets, inline config `content`, and
 * the value of `environment:` configs and secrets. The planner reads no file:
 * the engine passes the digests in (`FileDigests`).
 */

/** Absolute path → digest of the file's bytes (any stable form, `sha256:<hex>` by convention). A path missing from the map is hashed as absent. */
export type FileDigests = Readonly<Record<string, string>>;

/** What a service's hash is computed from. Its canonical JSON is the `dev.stack.config` snapshot. */
export interface ServiceHashInput {
  /** The service model: the config minus the fields that do not change a container. */
  readonly service: Readonly<Record<string, unknown>>;
  /** The files the service names (env files, `file:` configs and secrets): path → digest, null when unknown or absent. */
  readonly files: Readonly<Record<string, string | null>>;
  /** Inline contents: `config:<name>` / `secret:<name>` → sha256 of the `content:` or of the environment variable's value. */
  readonly contents: Readonly<Record<string, string | null>>;
}

export function serviceHashInput(project: Project, service: ServiceConfig, digests: FileDigests): ServiceHashInput {
  const files: Record<string, string | null> = {};
  const contents: Record<string, string | null> = {};
  const addFile = (path: string | undefined): void => {
    if (path !== undefined) files[path] = digests[path] ?? null;
  };
  for (const envFile of service.env_file ?? []) addFile(envFile.path);
  for (const ref of service.configs ?? []) {
    const config = project.configs[ref.source];
    if (!config || config.external) continue;
    addFile(config.file);
    if (config.content !== undefined) contents[`config:${ref.source}`] = sha256Hex(config.content);
    if (config.environment !== undefined) contents[`config:${ref.source}`] = envDigest(project, config.environment);
  }
  for (const ref of service.secrets ?? []) {
    const secret = project.secrets[ref.source];
    if (!secret || secret.external) continue;
    addFile(secret.file);
    if (secret.environment !== undefined) contents[`secret:${ref.source}`] = envDigest(project, secret.environment);
  }
  return { service: serviceModel(service), files, contents };
}

/** The digest of a variable's value, never the value: the snapshot is stored in a label anyone can read. */
function envDigest(project: Project, variable: string): string | null {
  const value = project.environment[variable];
  return value === undefined ? null : sha256Hex(value);
}

/** The canonical JSON of a hash input: the `dev.stack.config` label. */
export function configSnapshot(input: ServiceHashInput): string {
  return canonicalJson(input);
}

/** The hash of a snapshot: sha256 of its bytes, so a snapshot read back from a label can be checked against the hash label. */
export function snapshotHash(snapshot: string): string {
  return sha256Hex(snapshot);
}

export function serviceConfigHash(project: Project, service: ServiceConfig, digests: FileDigests): string {
  return snapshotHash(configSnapshot(serviceHashInput(project, service, digests)));
}

/**
 * The files whose digests the hashes of these services read (all enabled
 * services when none are named), sorted: the engine reads exactly these and
 * passes their digests as `FileDigests`.
 */
export function digestedFiles(project: Project, services: readonly string[] = Object.keys(project.services)): string[] {
  const paths = new Set<string>();
  for (const name of services) {
    const service = project.services[name];
    if (!service) continue;
    for (const path of Object.keys(serviceHashInput(project, service, {}).files)) paths.add(path);
  }
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A network's hash: its whole config except `x-` extensions, which never reach the runtime. */
export function networkConfigHash(network: NetworkConfig): string {
  const { extensions: _extensions, ...rest } = network;
  return hashValue(rest);
}

/** A volume's hash: its whole config except `x-` extensions. */
export function volumeConfigHash(volume: VolumeConfig): string {
  const { extensions: _extensions, ...rest } = volume;
  return hashValue(rest);
}
