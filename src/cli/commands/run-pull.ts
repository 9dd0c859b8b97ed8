import { compareStrings } from '../../base/index.ts';
import { observeProject, runPass, type EngineEvent, type EngineNode } from '../../engine/index.ts';
import { serviceDependencies } from '../../planner/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { checkServices, loadScope, openProgress, stackVersion, throwIfFailed } from './session.ts';

/** `stack pull`: one pull per image reference the selected services name, in parallel, with progress. */
export const runPull: CommandRun = async (ctx, args, options) => {
  const flags = options as { ignorePullFailures: boolean; ignoreBuildable: boolean; includeDeps: boolean; policy: 'always' | 'missing'; quiet: boolean };
  const scoped = await loadScope(ctx, false);
  if (!scoped.ok) return scoped.exitCode;
  const project = scoped.value.project;
  if (!project || !checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  const selected = new Set(args.length > 0 ? args : Object.keys(project.services));
  if (flags.includeDeps) {
    const queue = [...selected];
    for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
      for (const d of serviceDependencies(project.services[name] ?? { name })) if (!selected.has(d.service) && project.services[d.service]) (selected.add(d.service), queue.push(d.service));
    }
  }
  const refs = new Set<string>();
  for (const name of selected) {
    const service = project.services[name];
    if (!service?.image || (flags.ignoreBuildable && service.build !== undefined) || service.pull_policy === 'build') continue;
    refs.add(service.image);
  }
  using client = await openRuntime(ctx);
  const observation = flags.policy === 'missing' ? await observeProject(client, project, { signal: ctx.signal }) : undefined;
  const nodes: EngineNode[] = [...refs]
    .filter((ref) => observation?.state.images[ref] === undefined)
    .sort(compareStrings)
    .map((ref, i) => ({ id: i + 1, resource: `image:${ref}`, action: { kind: 'pullImage', ref }, dependsOn: [], cause: flags.policy === 'missing' ? 'not found' : 'pull' }));
  if (nodes.length === 0) return ExitCode.Ok;
  const renderer = flags.quiet ? undefined : await openProgress(ctx);
  let report;
  try {
    report = await runPass({
      client,
      project,
      plan: { project: project.name, nodes, decisions: nodes.map((n) => ({ resource: n.resource, bucket: 'create', reasons: [n.cause] })) },
      containers: new Map(),
      command: 'pull',
      emit: (e: EngineEvent) => renderer?.handle(e),
      signal: ctx.signal,
      parallel: ctx.global.parallel,
      version: stackVersion,
    });
  } finally {
    await renderer?.close();
  }
  if (!flags.ignorePullFailures) throwIfFailed(report);
  return report.canceled ? ExitCode.Interrupted : ExitCode.Ok;
};
