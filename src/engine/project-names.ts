import type { Project } from '../spec/index.ts';

/**
 * Runtime names of a project's networks and volumes, as the planner gives
 * them: declared ones by their `name`, and the implicit `default` network as
 * `<project>_default`, as Compose.
 */
export function networkNameOf(project: Project, key: string): string {
  return project.networks[key]?.name ?? (key === 'default' ? `${project.name}_default` : `${project.name}_${key}`);
}

export function volumeNameOf(project: Project, key: string): string {
  return project.volumes[key]?.name ?? `${project.name}_${key}`;
}
