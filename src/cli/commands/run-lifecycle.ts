import { observeProject, planCommand, runPass, waitNodes, type CommandVerb, type EngineEvent, type EnginePlan, type Observation } from '../../engine/index.ts';
import type { RuntimeClient } from '../../runtime/client/index.ts';
import type { CommandRun } from '../command-spec.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { checkServices, loadScope, stackVersion, throwIfFailed, withProgress, type ProjectScope } from './session.ts';
import { seconds } from './up-options.ts';

interface LifecycleFlags {
  readonly timeout?: string;
  readonly signal?: string;
  readonly removeOrphans?: boolean;
  readonly stop?: boolean;
  readonly volumes?: boolean;
  readonly wait?: boolean;
  readonly waitTimeout?: string;
}

/**
 * The commands that act on the containers that exist: one plan (engine's
 * planCommand), one pass of events, the same executor as `up`. They work
 * from labels when there is no compose file (`stop -p name`).
 */
export function lifecycleRun(verb: CommandVerb): CommandRun {
  return async (ctx, args, options) => {
    const flags = options as LifecycleFlags;
    const timeout = seconds(flags.timeout, '--timeout');
    const waitTimeout = seconds(flags.waitTimeout, '--wait-timeout');
    const scoped = await loadScope(ctx, true);
    if (!scoped.ok) return scoped.exitCode;
    const scope = scoped.value;
    if (!checkServices(ctx, scope, args)) return ExitCode.Usage;
    using client = await openRuntime(ctx);
    const observe = () => observeProject(client, scope.project ?? scope.name, { signal: ctx.signal });
    let observation = await observe();
    const selected = (o: Observation) =>
      o.state.containers.filter((c) => {
        if (args.length > 0 && !args.includes(c.service)) return false;
        const orphan = scope.project !== undefined && scope.project.services[c.service] === undefined;
        return !c.oneoff && (!orphan || flags.removeOrphans === true || verb === 'rm' || verb === 'stop');
      });
    const plan = (v: CommandVerb, o: Observation) =>
      planCommand(scope.name, {
        verb: v,
        containers: selected(o),
        ...(scope.project ? { project: scope.project } : {}),
        summaries: o.containers,
        ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
        ...(flags.signal !== undefined ? { signal: flags.signal } : {}),
        ...(flags.volumes === true ? { removeVolumes: true } : {}),
      });
    if (verb === 'rm' && flags.stop === true) {
      const stopped = await pass(ctx, client, scope, plan('stop', observation), observation, 'stop');
      if (stopped !== ExitCode.Ok) return stopped;
      observation = await observe();
    }
    const done = await pass(ctx, client, scope, plan(verb, observation), observation, verb);
    if (done !== ExitCode.Ok || verb !== 'start' || flags.wait !== true || !scope.project) return done;
    const listed = [...(await observe()).containers.values()];
    const nodes = waitNodes(scope.project, args.length > 0 ? args : Object.keys(scope.project.services), listed, 1);
    const deadline = waitTimeout === undefined ? undefined : waitTimeout * 1000;
    return pass(ctx, client, scope, { project: scope.name, nodes, decisions: [] }, observation, 'start', deadline);
  };
}

async function pass(ctx: CommandContext, client: RuntimeClient, scope: ProjectScope, plan: EnginePlan, observation: Observation, command: string, waitMs?: number): Promise<number> {
  if (plan.nodes.length === 0) return ExitCode.Ok;
  const report = await withProgress(ctx, (renderer) =>
    runPass({
      client,
      ...(scope.project ? { project: scope.project } : {}),
      plan,
      containers: observation.containers,
      command,
      emit: (e: EngineEvent) => renderer.handle(e),
      signal: ctx.signal,
      parallel: ctx.global.parallel,
      version: stackVersion,
      ...(waitMs !== undefined ? { deadline: Date.now() + waitMs } : {}),
    }),
  );
  throwIfFailed(report);
  return report.canceled ? ExitCode.Interrupted : ExitCode.Ok;
}
