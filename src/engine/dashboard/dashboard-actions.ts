import { hasErrors, StackError } from '../../base/index.ts';
import type { ReconcileOptions } from '../../planner/index.ts';
import type { RuntimeClient } from '../../runtime/client/index.ts';
import type { Project } from '../../spec/index.ts';
import type { DashboardActions, ServiceVerb, SourceOptions } from '../../ui/index.ts';
import { converge } from '../converge.ts';
import type { EventSink } from '../events.ts';
import type { FailedNode } from '../executor.ts';
import { observeProject } from '../observe.ts';
import { planCommand, type CommandVerb } from '../plan-commands.ts';
import { runPass } from '../run-pass.ts';
import { describeDiagnostic } from './plan-preview.ts';

export interface DashboardActionsOptions {
  readonly client: RuntimeClient;
  /** The project as last loaded (the stack file may have changed since the dashboard opened). */
  readonly project: () => Project;
  /** Runtime calls at once, as `--parallel`. */
  readonly parallel: number;
  /** stack's version, for labels. */
  readonly version: string;
  /** Where the passes' progress events go; nowhere by default (the dashboard sees the runtime's events). */
  readonly emit?: EventSink;
}

/**
 * The dashboard's keys as engine passes, each the same pass the matching
 * command runs, narrowed to one service and its containers:
 * - restart, stop: `stack restart|stop <service>` (the command's plan, the executor);
 * - start: `stack start <service>`, or, when the service has no container
 *   at all, `stack up -d --no-deps <service>` (a dashboard key should bring it up);
 * - recreate: `stack up -d --no-deps --force-recreate <service>`;
 * - rebuild: with `build:`, `stack up -d --no-deps --build --force-recreate <service>`
 *   (a rebuild the cache answers still gives fresh containers, which is what
 *   the key asks for); with only `image:`, `stack up -d --no-deps --pull always <service>`:
 *   the image is pulled again and the containers are recreated if it changed
 *   (nothing to build, and a pull that brings nothing new should not restart anything).
 * A failure rejects with the step's StackError; the runtime's events show the rest.
 */
export function dashboardActions(options: DashboardActionsOptions): DashboardActions {
  const emit: EventSink = options.emit ?? (() => {});
  const command = (verb: CommandVerb) => async (service: string, o: SourceOptions) => {
    const project = options.project();
    const observation = await observeProject(options.client, project, { signal: o.signal });
    const containers = observation.state.containers.filter((c) => c.service === service && !c.oneoff);
    if (containers.length === 0 && verb === 'start') return up(service, {}, o);
    if (containers.length === 0) throw noContainer(project.name, service, verb);
    const plan = planCommand(project.name, { verb, containers, project, summaries: observation.containers });
    const report = await runPass({ client: options.client, project, plan, containers: observation.containers, command: verb, emit, signal: o.signal, parallel: options.parallel, version: options.version });
    throwFirst(report.failed);
  };
  const up = async (service: string, extra: ReconcileOptions, o: SourceOptions) => {
    const project = options.project();
    const result = await converge({
      client: options.client,
      project,
      reconcile: { targets: [service], noDeps: true, recreate: 'diverged', recreateDependencies: 'never', ...extra },
      emit,
      signal: o.signal,
      parallel: options.parallel,
      version: options.version,
      command: 'up',
    });
    const error = result.diagnostics.find((d) => d.severity === 'error');
    if (hasErrors(result.diagnostics) && error) {
      throw new StackError({ code: error.code, errorClass: 'InvalidArgument', message: describeDiagnostic(error), hint: error.hint ?? 'fix the stack file, then try again' });
    }
    throwFirst(result.failed);
  };
  const rebuild = (service: string, o: SourceOptions) => {
    const buildable = options.project().services[service]?.build !== undefined;
    return up(service, buildable ? { build: 'always', recreate: 'force' } : { pull: 'always' }, o);
  };
  const actions: Record<ServiceVerb, (service: string, o: SourceOptions) => Promise<void>> = {
    restart: command('restart'),
    stop: command('stop'),
    start: command('start'),
    recreate: (service, o) => up(service, { recreate: 'force' }, o),
    rebuild,
  };
  return actions;
}

function throwFirst(failed: readonly FailedNode[]): void {
  const first = failed[0];
  if (first) throw first.error;
}

function noContainer(project: string, service: string, verb: CommandVerb): StackError {
  return new StackError({
    code: 'STK4504',
    errorClass: 'NotFound',
    message: `service "${service}" has no container in project "${project}" to ${verb}`,
    hint: 'press R to create it (recreate), or run `stack up -d ' + service + '`',
    resource: `service:${service}`,
  });
}
