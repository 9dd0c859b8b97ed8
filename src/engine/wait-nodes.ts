import { compareStrings } from '../base/index.ts';
import type { ContainerSummary } from '../runtime/client/index.ts';
import { parseComposeLabels } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import type { EngineNode } from './engine-actions.ts';

/**
 * `up --wait`: one awaitReady node per replica of the services waited for,
 * numbered after the plan's nodes. A service's desired end state: healthy
 * when it has a health check, else running; a one-shot job (restart `no`,
 * the default, or `on-failure`) that exited 0 is done too; a service that
 * another waits for with `service_completed_successfully` must exit 0.
 */
export function waitNodes(project: Project, services: readonly string[], containers: readonly ContainerSummary[], firstId: number): EngineNode[] {
  const wanted = new Set(services);
  const mustComplete = new Set<string>();
  for (const service of Object.values(project.services)) {
    for (const [name, dependency] of Object.entries(service.depends_on ?? {})) if (dependency.condition === 'service_completed_successfully') mustComplete.add(name);
  }
  const replicas = containers
    .map((c) => ({ summary: c, labels: parseComposeLabels(c.labels) }))
    .filter(({ labels, summary }) => labels.oneoff !== true && labels.service !== undefined && wanted.has(labels.service) && !/^[0-9a-f]{12}_/.test(summary.name))
    .sort((a, b) => compareStrings(a.labels.service ?? '', b.labels.service ?? '') || (a.labels.containerNumber ?? 0) - (b.labels.containerNumber ?? 0));
  return replicas.map(({ summary, labels }, i) => {
    const service = labels.service as string;
    const config = project.services[service];
    const restart = config?.restart ?? config?.deploy?.restart_policy?.condition ?? 'no';
    const oneShot = restart === 'no' || restart === 'none' || restart.startsWith('on-failure');
    return {
      id: firstId + i,
      resource: `service:${service}#${labels.containerNumber ?? 0}`,
      action: { kind: 'awaitReady', container: { source: 'observed', id: summary.id, name: summary.name }, service, oneShot, mustComplete: mustComplete.has(service) },
      dependsOn: [],
      cause: mustComplete.has(service) ? 'wait: completed successfully' : 'wait: running or healthy',
    };
  });
}
