import { observeProject, planDown, runPass, type EngineEvent } from '../../engine/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { checkServices, loadScope, projectContainers, stackVersion, throwIfFailed, withProgress } from './session.ts';

/** `stack wait svc...`: blocks until each container of the services has stopped; prints their exit codes; exits with the first non-zero. */
export const runWait: CommandRun = async (ctx, args, options) => {
  const flags = options as { downProject: boolean };
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  if (!checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  const containers = await projectContainers(client, scoped.value.name, { services: args, signal: ctx.signal });
  const codes = await Promise.all(
    containers.map(async (c) => {
      const result = await client.waitContainer(c.id, { condition: 'not-running', signal: ctx.signal });
      ctx.io.stdout.write(`${c.name} exited with code ${result.exitCode}\n`);
      return result.exitCode;
    }),
  );
  if (flags.downProject) {
    const observation = await observeProject(client, scoped.value.project ?? scoped.value.name, { signal: ctx.signal });
    const plan = planDown(observation, scoped.value.project, {});
    const report = await withProgress(ctx, (renderer) =>
      runPass({ client, ...(scoped.value.project ? { project: scoped.value.project } : {}), plan, containers: observation.containers, command: 'down', emit: (e: EngineEvent) => renderer.handle(e), signal: ctx.signal, parallel: ctx.global.parallel, version: stackVersion }),
    );
    throwIfFailed(report);
  }
  return codes.find((code) => code !== 0) ?? ExitCode.Ok;
};
