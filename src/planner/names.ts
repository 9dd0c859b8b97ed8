import type { NetworkConfig, Project, ServiceConfig, VolumeConfig } from '../spec/index.ts';

/**
 * Names, as Docker Compose gives them, so that `docker compose ps` and
 * `stack ps` see each other's projects: containers `<project>-<service>-<n>`
 * (or `container_name`), networks and volumes `<project>_<key>` (or `name:`),
 * built images `<project>-<service>`.
 */

/** A resource id as plans, decisions and events print it: `service:web#1`, `network:default`, `volume:data`, `image:nginx`. */
export type ResourceId = string;

export function containerName(project: string, service: ServiceConfig, number: number): string {
  return service.container_name ?? `${project}-${service.name}-${number}`;
}

/**
 * The name a replacement is created under while the container it replaces
 * still holds the final name: compose's `<first 12 of old id>_<name>`, so a
 * leftover of an interrupted recreate is recognisable on the next pass.
 */
export function temporaryName(oldId: string, finalName: string): string {
  return `${oldId.slice(0, 12)}_${finalName}`;
}

/** True when `name` is the temporary name of a replacement for `finalName`. */
export function isTemporaryNameFor(name: string, finalName: string): boolean {
  return name.length === finalName.length + 13 && name.endsWith(`_${finalName}`) && /^[0-9a-f]{12}_/.test(name);
}

/** The image a service runs: its `image:`, or `<project>-<service>` when it is only built. */
export function imageRef(project: string, service: ServiceConfig): string | undefined {
  if (service.image !== undefined) return service.image;
  if (service.build !== undefined) return `${project}-${service.name}`;
  return undefined;
}

/** A network's config, with the implicit `default` network Compose adds when the file does not declare it. */
export function networkConfig(project: Project, key: string): NetworkConfig | undefined {
  const declared = project.networks[key];
  if (declared) return declared;
  return key === 'default' ? { name: `${project.name}_default` } : undefined;
}

export function volumeConfig(project: Project, key: string): VolumeConfig | undefined {
  return project.volumes[key];
}

export function serviceResource(service: string): ResourceId {
  return `service:${service}`;
}

export function replicaResource(service: string, number: number): ResourceId {
  return `service:${service}#${number}`;
}

export function networkResource(key: string): ResourceId {
  return `network:${key}`;
}

export function volumeResource(key: string): ResourceId {
  return `volume:${key}`;
}

export function imageResource(ref: string): ResourceId {
  return `image:${ref}`;
}

const kindRank: Readonly<Record<string, number>> = { image: 0, volume: 1, network: 2, service: 3 };

/** Orders resource ids by kind (images, volumes, networks, services), then name, then replica number as a number. */
export function compareResources(a: ResourceId, b: ResourceId): number {
  const pa = parseResource(a);
  const pb = parseResource(b);
  return (
    (kindRank[pa.kind] ?? 9) - (kindRank[pb.kind] ?? 9) ||
    (pa.kind < pb.kind ? -1 : pa.kind > pb.kind ? 1 : 0) ||
    (pa.name < pb.name ? -1 : pa.name > pb.name ? 1 : 0) ||
    pa.number - pb.number
  );
}

function parseResource(id: ResourceId): { kind: string; name: string; number: number } {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  const hash = kind === 'service' ? rest.lastIndexOf('#') : -1;
  if (hash < 0) return { kind, name: rest, number: -1 };
  return { kind, name: rest.slice(0, hash), number: Number(rest.slice(hash + 1)) };
}
