import { dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from '../base/index.ts';
import { newRegistries, serviceConfigOf, type ContainerFate, type ReconcileContext } from './context.ts';
import { decideService, desiredScale } from './decide-service.ts';
import { buildGraph } from './graph.ts';
import { compareResources } from './names.ts';
import type { PlanInput } from './options.ts';
import type { Decision, Plan } from './plan.ts';
import { PlanBuilder } from './plan-builder.ts';
import { reconcileImages } from './reconcile-images.ts';
import { reconcileNetworks } from './reconcile-networks.ts';
import { findOrphans, reconcileOrphans } from './reconcile-orphans.ts';
import { reconcileServices } from './reconcile-services.ts';
import { reconcileVolumes } from './reconcile-volumes.ts';
import { selectScope } from './scope.ts';

/**
 * The planner's entry point: desired state (the Project) and actual state
 * (the ObservedState) in, a Plan out. Pure: no I/O, no clock, no randomness;
 * the same input gives a byte-identical plan.
 *
 * Order: the graph and the scope; then every decision (services in
 * dependency order, orphans), because emitting nodes for one resource needs
 * the fate of others; then the nodes, kind by kind (images, volumes,
 * networks, services, orphans); then the numbering.
 */
export function reconcile(input: PlanInput): Plan {
  const { project, observed } = input;
  const options = input.options ?? {};
  const diagnostics: Diagnostic[] = [];
  const graph = buildGraph(project);
  diagnostics.push(...graph.diagnostics);
  const scope = selectScope(project, graph, options);
  diagnostics.push(...scope.diagnostics);
  if (hasErrors(diagnostics)) return failed(project.name, diagnostics);

  const context: ReconcileContext = {
    project,
    observed,
    options,
    digests: input.fileDigests ?? {},
    graph,
    scope: scope.services,
    policies: scope.policies,
    builder: new PlanBuilder(),
    decisions: [],
    diagnostics,
    servicePlans: new Map(),
    fates: new Map(),
    nodes: newRegistries(),
  };

  for (const name of context.scope) {
    const service = serviceConfigOf(context, name);
    if (service.container_name !== undefined && desiredScale(service, options) > 1) {
      diagnostics.push({
        code: 'STK4005',
        severity: 'error',
        message: `service "${name}" sets container_name "${service.container_name}" and cannot run ${desiredScale(service, options)} replicas`,
        hint: 'remove `container_name`, or run one replica',
      });
    }
  }
  if (hasErrors(diagnostics)) return failed(project.name, diagnostics);

  for (const name of context.scope) context.servicePlans.set(name, decideService(context, name));
  const orphans = findOrphans(context);
  recordFates(context, orphans.map((c) => c.id));

  reconcileImages(context);
  reconcileVolumes(context);
  reconcileNetworks(context);
  reconcileServices(context);
  reconcileOrphans(context, orphans);
  if (hasErrors(diagnostics)) return failed(project.name, diagnostics);

  for (const plan of context.servicePlans.values()) {
    for (const replica of plan.replicas) context.decisions.push({ resource: `service:${plan.service}#${replica.number}`, bucket: replica.bucket, reasons: replica.reasons });
    for (const removal of plan.removals) context.decisions.push({ resource: removal.resource, bucket: 'remove', reasons: [removal.reason] });
  }
  return {
    project: project.name,
    nodes: context.builder.finish(),
    decisions: sortDecisions(context.decisions),
    diagnostics: finalDiagnostics(diagnostics),
    replan: needsReplan(context),
  };
}

function recordFates(context: ReconcileContext, orphanIds: readonly string[]): void {
  for (const plan of context.servicePlans.values()) {
    for (const replica of plan.replicas) {
      if (replica.container) context.fates.set(replica.container.id, replica.bucket === 'recreate' ? 'replaced' : 'kept');
    }
    for (const removal of plan.removals) context.fates.set(removal.container.id, 'removed');
  }
  const orphanFate: ContainerFate = context.options.removeOrphans === true ? 'removed' : 'kept';
  for (const id of orphanIds) context.fates.set(id, orphanFate);
}

/** Image actions on a reference that containers this plan keeps already run: their image may change only once those ran. */
function needsReplan(context: ReconcileContext): boolean {
  for (const plan of context.servicePlans.values()) {
    if (!context.nodes.images.has(plan.imageRef)) continue;
    if (plan.replicas.some((r) => r.container !== undefined && r.bucket !== 'recreate')) return true;
  }
  return false;
}

function sortDecisions(decisions: readonly Decision[]): Decision[] {
  return [...decisions].sort((a, b) => compareResources(a.resource, b.resource));
}

function finalDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return sortDiagnostics(dedupeDiagnostics(diagnostics));
}

/** Errors plan nothing: a half-valid project must not be half-applied. */
function failed(project: string, diagnostics: readonly Diagnostic[]): Plan {
  return { project, nodes: [], decisions: [], diagnostics: finalDiagnostics(diagnostics), replan: false };
}
