import { compareStrings } from '../../base/index.ts';

/**
 * Every label key stack reads or writes, defined once.
 *
 * We write Compose's own labels (com.docker.compose.*) with Compose's value
 * formats, so `docker compose ps`, docker-compose 1.29, lazydocker and
 * Portainer see stack projects as Compose projects. That includes the config
 * hash: it goes in `com.docker.compose.config-hash`, not in a label of ours.
 * Our hash is computed differently from Compose's, so a project switched
 * between the tools is recreated once; with a separate label it would be
 * recreated too (Compose treats a missing hash as changed), so one label is
 * simpler and loses nothing. Only facts Compose has no label for go under
 * `dev.stack.`.
 */
export const composeLabel = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  slug: 'com.docker.compose.slug',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  dependsOn: 'com.docker.compose.depends_on',
  configHash: 'com.docker.compose.config-hash',
  image: 'com.docker.compose.image',
  replace: 'com.docker.compose.replace',
  version: 'com.docker.compose.version',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

export const stackLabel = {
  /** The stack release that wrote the object. */
  version: 'dev.stack.version',
  /** The canonical JSON a container's config hash was computed from (the planner names changed fields with it). */
  config: 'dev.stack.config',
} as const;

export type ComposeLabelKey = (typeof composeLabel)[keyof typeof composeLabel];

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DependsOnLabel {
  readonly service: string;
  readonly condition: DependencyCondition;
  readonly restart: boolean;
}

/** The Compose labels of an object, typed. Every field is absent when its label is. */
export interface ComposeLabels {
  readonly project?: string;
  readonly service?: string;
  readonly containerNumber?: number;
  readonly oneoff?: boolean;
  readonly slug?: string;
  readonly workingDir?: string;
  readonly configFiles?: readonly string[];
  readonly environmentFiles?: readonly string[];
  readonly dependsOn?: readonly DependsOnLabel[];
  readonly configHash?: string;
  readonly image?: string;
  readonly replace?: string;
  readonly version?: string;
  readonly network?: string;
  readonly volume?: string;
  readonly stackVersion?: string;
}

/** A label filter for listing everything of one project. */
export function projectFilter(project: string): string {
  return `${composeLabel.project}=${project}`;
}

export function serviceFilter(service: string): string {
  return `${composeLabel.service}=${service}`;
}

/** Compose writes `True`/`False` (Python's spelling, kept by v2 for compatibility). */
export function oneoffFilter(oneoff: boolean): string {
  return `${composeLabel.oneoff}=${oneoff ? 'True' : 'False'}`;
}

export function parseComposeLabels(labels: Readonly<Record<string, string>>): ComposeLabels {
  const get = (key: string): string | undefined => labels[key];
  const out: Record<string, unknown> = {};
  const set = (key: keyof ComposeLabels, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  set('project', get(composeLabel.project));
  set('service', get(composeLabel.service));
  const number = get(composeLabel.containerNumber);
  set('containerNumber', number !== undefined && /^\d+$/.test(number) ? Number(number) : undefined);
  const oneoff = get(composeLabel.oneoff);
  set('oneoff', oneoff === undefined ? undefined : /^(true|1)$/i.test(oneoff));
  set('slug', get(composeLabel.slug));
  set('workingDir', get(composeLabel.workingDir));
  set('configFiles', splitList(get(composeLabel.configFiles)));
  set('environmentFiles', splitList(get(composeLabel.environmentFile)));
  const dependsOn = get(composeLabel.dependsOn);
  set('dependsOn', dependsOn === undefined ? undefined : parseDependsOn(dependsOn));
  set('configHash', get(composeLabel.configHash));
  set('image', get(composeLabel.image));
  set('replace', get(composeLabel.replace));
  set('version', get(composeLabel.version));
  set('network', get(composeLabel.network));
  set('volume', get(composeLabel.volume));
  set('stackVersion', get(stackLabel.version));
  return out as ComposeLabels;
}

/** The inverse of parseComposeLabels: the label map to write, in Compose's formats. */
export function formatComposeLabels(fields: ComposeLabels): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  put(composeLabel.project, fields.project);
  put(composeLabel.service, fields.service);
  put(composeLabel.containerNumber, fields.containerNumber?.toString());
  put(composeLabel.oneoff, fields.oneoff === undefined ? undefined : fields.oneoff ? 'True' : 'False');
  put(composeLabel.slug, fields.slug);
  put(composeLabel.workingDir, fields.workingDir);
  put(composeLabel.configFiles, fields.configFiles?.join(','));
  put(composeLabel.environmentFile, fields.environmentFiles?.join(','));
  put(composeLabel.dependsOn, fields.dependsOn === undefined ? undefined : formatDependsOn(fields.dependsOn));
  put(composeLabel.configHash, fields.configHash);
  put(composeLabel.image, fields.image);
  put(composeLabel.replace, fields.replace);
  put(composeLabel.version, fields.version);
  put(composeLabel.network, fields.network);
  put(composeLabel.volume, fields.volume);
  put(stackLabel.version, fields.stackVersion);
  return out;
}

/** Compose's `svc:condition:restart` entries, comma-joined, sorted by service so the label is stable. */
export function formatDependsOn(dependsOn: readonly DependsOnLabel[]): string {
  return [...dependsOn]
    .sort((a, b) => compareStrings(a.service, b.service))
    .map((d) => `${d.service}:${d.condition}:${d.restart ? 'true' : 'false'}`)
    .join(',');
}

export function parseDependsOn(value: string): DependsOnLabel[] {
  const out: DependsOnLabel[] = [];
  for (const entry of value.split(',')) {
    const [service, condition, restart] = entry.trim().split(':');
    if (!service) continue;
    out.push({ service, condition: toCondition(condition), restart: restart === 'true' });
  }
  return out;
}

function toCondition(value: string | undefined): DependencyCondition {
  return value === 'service_healthy' || value === 'service_completed_successfully' ? value : 'service_started';
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value === '' ? [] : value.split(',');
}
