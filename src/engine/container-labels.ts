import { composeLabel, formatComposeLabels, stackLabel } from '../runtime/client/index.ts';
import type { Project, ServiceConfig } from '../spec/index.ts';

/**
 * What a container is, in labels: the only state stack keeps. A replica has
 * a number and the config hash it was made from; a one-off (`stack run`) has
 * a slug and no number, so no pass ever mistakes it for a replica.
 */
export type ContainerIdentity =
  | {
      readonly kind: 'replica';
      readonly number: number;
      readonly configHash: string;
      /** The canonical JSON the hash was computed from (the `dev.stack.config` label). */
      readonly config: string;
      /** The container this one replaces, during a recreate. */
      readonly replaces?: { readonly id: string; readonly name: string };
    }
  | { readonly kind: 'oneoff'; readonly slug: string };

/**
 * The labels of a container of `service`: the service's own `labels:` first,
 * then every Compose label (a user label never overrides one of them), then
 * ours. Pure.
 */
export function containerLabels(project: Project, service: ServiceConfig, identity: ContainerIdentity, imageId: string | undefined, version: string): Record<string, string> {
  const dependsOn = Object.entries(service.depends_on ?? {}).map(([name, d]) => ({ service: name, condition: d.condition, restart: d.restart === true }));
  const compose = formatComposeLabels({
    project: project.name,
    service: service.name,
    oneoff: identity.kind === 'oneoff',
    workingDir: project.working_dir,
    configFiles: project.config_files,
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    ...(imageId !== undefined ? { image: imageId } : {}),
    ...(identity.kind === 'replica'
      ? { containerNumber: identity.number, configHash: identity.configHash, ...(identity.replaces ? { replace: identity.replaces.name } : {}) }
      : { slug: identity.slug }),
    stackVersion: version,
  });
  const labels: Record<string, string> = { ...(service.labels ?? {}), ...compose };
  if (identity.kind === 'replica') labels[stackLabel.config] = identity.config;
  return labels;
}

/** The label filter that lists one service's replicas (one-offs excluded). */
export function replicaFilters(project: string, service?: string): string[] {
  const filters = [`${composeLabel.project}=${project}`, `${composeLabel.oneoff}=False`];
  if (service !== undefined) filters.push(`${composeLabel.service}=${service}`);
  return filters;
}
