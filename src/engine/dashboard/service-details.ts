import { compareStrings } from '../../base/index.ts';
import { parseComposeLabels, projectFilter, type ContainerDetails, type RuntimeClient } from '../../runtime/client/index.ts';
import { composeDocument, composeYaml, type Project } from '../../spec/index.ts';
import type { HealthCheckResult, MountInfo, NetworkAttachment, ServiceDetails } from '../../ui/index.ts';
import type { PlannedResource } from '../events.ts';
import { trackedIdentity } from './dashboard-model.ts';

/**
 * The details pane of one service: its definition as `stack config` prints
 * it, and what its first container (the lowest running replica, else the
 * lowest) says in an inspect: environment, mounts, networks, the last health
 * checks. The plan part is the caller's (it plans the whole project once).
 */
export async function serviceDetails(client: RuntimeClient, projectName: string, project: Project | undefined, service: string, plan: readonly PlannedResource[], signal: AbortSignal): Promise<ServiceDetails> {
  const listed = await client.listContainers({ all: true, labels: [projectFilter(projectName)], signal });
  const mine = listed
    .filter((c) => trackedIdentity(c.name, c.labels)?.service === service)
    .sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || (parseComposeLabels(a.labels).containerNumber ?? 0) - (parseComposeLabels(b.labels).containerNumber ?? 0));
  const first = mine[0];
  const details = first ? await client.inspectContainer(first.id, { signal }) : undefined;
  return {
    service,
    config: serviceConfigText(project, service),
    environment: details ? environmentOf(details) : {},
    mounts: details ? mountsOf(details) : [],
    networks: details ? networksOf(details) : [],
    health: details ? details.healthLog.map((h): HealthCheckResult => ({ start: h.start, end: h.end, exitCode: h.exitCode, output: h.output })) : [],
    plan: plan.filter((p) => p.resource.service === service && p.bucket !== 'keep'),
  };
}

/** The service as `stack config` prints it, under its name. */
export function serviceConfigText(project: Project | undefined, service: string): string {
  if (!project?.services[service]) return `# ${service} is not defined in the stack file (its containers are orphans)\n`;
  const document = composeDocument(project, [service]);
  const services = document.services as Record<string, unknown>;
  return composeYaml({ [service]: services[service] });
}

function environmentOf(details: ContainerDetails): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of details.config.env) {
    const eq = entry.indexOf('=');
    if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => compareStrings(a, b)));
}

function mountsOf(details: ContainerDetails): MountInfo[] {
  return details.mounts
    .flatMap((m): MountInfo[] => (m.type === 'volume' || m.type === 'bind' || m.type === 'tmpfs' ? [{ type: m.type, source: m.type === 'volume' ? (m.name ?? m.source) : m.source, target: m.destination, readOnly: m.readOnly }] : []))
    .sort((a, b) => compareStrings(a.target, b.target));
}

function networksOf(details: ContainerDetails): NetworkAttachment[] {
  return details.networks.map((n) => ({ name: n.name, aliases: [...n.aliases].sort(compareStrings), ...(n.ipAddress ? { ipv4: n.ipAddress } : {}) }));
}
