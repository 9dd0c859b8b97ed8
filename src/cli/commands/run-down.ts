import { observeProject, planDown, runPass, type EngineEvent } from '../../engine/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { loadScope, stackVersion, throwIfFailed, withProgress } from './session.ts';
import { seconds } from './up-options.ts';

interface DownFlags {
  readonly volumes: boolean;
  readonly rmi?: 'local' | 'all';
  readonly removeOrphans: boolean;
  readonly timeout?: string;
}

/** `stack down`: everything of the project the labels name goes, dependents first; named volumes only with -v. */
export const runDown: CommandRun = async (ctx, _args, options) => {
  const flags = options as unknown as DownFlags;
  const timeout = seconds(flags.timeout, '--timeout');
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  const scope = scoped.value;
  using client = await openRuntime(ctx);
  const observation = await observeProject(client, scope.project ?? scope.name, { signal: ctx.signal });
  const plan = planDown(observation, scope.project, { volumes: flags.volumes, removeOrphans: flags.removeOrphans, ...(flags.rmi ? { rmi: flags.rmi } : {}), ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}) });
  const orphans = scope.project ? observation.state.containers.filter((c) => !c.oneoff && !scope.project?.services[c.service] && !scope.project?.disabled_services[c.service]) : [];
  if (plan.nodes.length === 0) {
    ctx.io.stderr.write(`warning STK4506: no resource of project "${scope.name}" to remove\n`);
    return ExitCode.Ok;
  }
  const report = await withProgress(ctx, (renderer) => {
    if (orphans.length > 0 && !flags.removeOrphans) {
      renderer.handle({ type: 'message', at: Date.now(), level: 'warning', text: `found orphan containers (${orphans.map((c) => c.name).join(', ')}) of services no longer defined; --remove-orphans removes them` });
    }
    return runPass({ client, ...(scope.project ? { project: scope.project } : {}), plan, containers: observation.containers, command: 'down', emit: (e: EngineEvent) => renderer.handle(e), signal: ctx.signal, parallel: ctx.global.parallel, version: stackVersion });
  });
  throwIfFailed(report);
  return report.canceled ? ExitCode.Interrupted : ExitCode.Ok;
};
