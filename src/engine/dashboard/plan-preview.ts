import { hasErrors, type Diagnostic } from '../../base/index.ts';
import { containerName } from '../../planner/index.ts';
import type { RuntimeClient } from '../../runtime/client/index.ts';
import type { Project } from '../../spec/index.ts';
import type { PlannedResource } from '../events.ts';
import { PlanRows } from '../plan-events.ts';
import { planProject } from '../plan-project.ts';
import { networkNameOf, volumeNameOf } from '../project-names.ts';

/** What `up` would do now, as the dashboard shows it: every resource the plan considered, with its bucket and reasons; or why it cannot say. */
export interface PlanPreview {
  readonly resources: readonly PlannedResource[];
  /** The first error of the plan (`code message`), when the planner refused the project. */
  readonly problem?: string;
}

/** The plan `stack up` (no flags) would apply, computed exactly as `up` computes it (one observation, the planner), and not run. */
export async function previewPlan(client: RuntimeClient, project: Project, signal: AbortSignal): Promise<PlanPreview> {
  const { plan } = await planProject(client, project, {}, signal);
  if (hasErrors(plan.diagnostics)) return { resources: [], problem: describeDiagnostic(plan.diagnostics.find((d) => d.severity === 'error') as Diagnostic) };
  const rows = new PlanRows(plan.nodes, plan.decisions, (resource) => runtimeName(project, resource));
  return { resources: rows.planned(plan.decisions, plan.nodes).resources };
}

/** A diagnostic on one line, as the dashboard's notice line shows it: `compose.yaml:3:5 STK2001 message`. */
export function describeDiagnostic(d: Diagnostic): string {
  const where = d.file !== undefined ? `${d.file.split('/').pop()}${d.range ? `:${d.range.start.line}:${d.range.start.column}` : ''} ` : '';
  return `${where}${d.code} ${d.message}`;
}

/** The runtime name of a plan resource no node names (a kept one), as `up` shows it. */
function runtimeName(project: Project, resource: string): string | undefined {
  const colon = resource.indexOf(':');
  const kind = resource.slice(0, colon);
  const key = resource.slice(colon + 1);
  if (kind === 'network') return networkNameOf(project, key);
  if (kind === 'volume') return volumeNameOf(project, key);
  const replica = /^service:(.+)#(\d+)$/.exec(resource);
  if (replica) {
    const service = project.services[replica[1] as string];
    return service ? containerName(project.name, service, Number(replica[2])) : `${project.name}-${replica[1]}-${replica[2]}`;
  }
  return undefined;
}
