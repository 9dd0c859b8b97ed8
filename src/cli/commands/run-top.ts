import { formatTable } from './format-table.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { checkServices, loadScope, projectContainers } from './session.ts';

/** `stack top`: `ps` inside each running container, one table per container. */
export const runTop: CommandRun = async (ctx, args) => {
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  if (!checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  const containers = (await projectContainers(client, scoped.value.name, { services: args, all: false, signal: ctx.signal })).filter((c) => c.state === 'running');
  const tops = await Promise.all(containers.map((c) => client.topContainer(c.id, { signal: ctx.signal })));
  const blocks = containers.map((c, i) => `${c.name}\n${formatTable(tops[i]?.titles ?? [], tops[i]?.processes ?? [])}`);
  ctx.io.stdout.write(blocks.join('\n'));
  return ExitCode.Ok;
};
