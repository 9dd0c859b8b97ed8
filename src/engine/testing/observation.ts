import type { ObservedContainer, ObservedState } from '../../planner/index.ts';
import type { ContainerSummary } from '../../runtime/client/index.ts';
import type { Observation } from '../observe.ts';
import { containerSummary } from './container-summary.ts';

/**
 * For unit tests of the engine's pure planners (down, stop, start...): an
 * Observation written as data, each container's list entry derived from it.
 */
export function observation(project: string, containers: readonly Partial<ObservedContainer>[], extra: Partial<Pick<ObservedState, 'networks' | 'volumes'>> & { labels?: Record<string, Record<string, string>> } = {}): Observation {
  const full: ObservedContainer[] = containers.map((c, i) => ({
    id: c.id ?? `id${i}`,
    name: c.name ?? `${project}-${c.service ?? 'web'}-${c.number ?? 1}`,
    service: c.service ?? 'web',
    number: c.number ?? 1,
    oneoff: c.oneoff ?? false,
    state: c.state ?? 'running',
    networks: c.networks ?? [],
    volumes: c.volumes ?? [],
    created: 0,
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
  }));
  const summaries = new Map<string, ContainerSummary>(
    full.map((c) => [
      c.id,
      containerSummary({
        id: c.id,
        name: c.name,
        labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': c.service, ...(extra.labels?.[c.name] ?? {}) },
        state: c.state,
      }),
    ]),
  );
  const labelled = (name: string) => ({ 'com.docker.compose.project': project, ...(extra.labels?.[name] ?? {}) });
  return {
    state: { project, containers: full, networks: extra.networks ?? [], volumes: extra.volumes ?? [], images: {} },
    containers: summaries,
    images: new Map(),
    labels: {
      networks: new Map((extra.networks ?? []).map((n) => [n.name, labelled(n.name)])),
      volumes: new Map((extra.volumes ?? []).map((v) => [v.name, labelled(v.name)])),
    },
  };
}
