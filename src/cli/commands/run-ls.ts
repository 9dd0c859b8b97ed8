import { compareStrings } from '../../base/index.ts';
import { composeLabel, parseComposeLabels } from '../../runtime/client/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { usageError } from '../usage-error.ts';
import { formatTable } from './format-table.ts';

interface Project {
  readonly name: string;
  readonly states: Map<string, number>;
  readonly configFiles: Set<string>;
}

/** `stack ls`: the projects the runtime holds containers of, by the Compose project label (ours and Docker Compose's alike). */
export const runLs: CommandRun = async (ctx, _args, options) => {
  const flags = options as { all: boolean; quiet: boolean; filter?: readonly string[]; format: 'table' | 'json' };
  const names: string[] = [];
  for (const filter of flags.filter ?? []) {
    const match = /^name=(.*)$/.exec(filter);
    if (!match) throw usageError('STK7003', `--filter "${filter}" is not name=value`, 'the only filter is name=...');
    names.push(match[1] as string);
  }
  using client = await openRuntime(ctx);
  const containers = await client.listContainers({ all: true, labels: [composeLabel.project], signal: ctx.signal });
  const projects = new Map<string, Project>();
  for (const c of containers) {
    const labels = parseComposeLabels(c.labels);
    if (labels.project === undefined) continue;
    const project = projects.get(labels.project) ?? { name: labels.project, states: new Map(), configFiles: new Set() };
    projects.set(labels.project, project);
    project.states.set(c.state, (project.states.get(c.state) ?? 0) + 1);
    for (const file of labels.configFiles ?? []) project.configFiles.add(file);
  }
  const shown = [...projects.values()]
    .filter((p) => flags.all || (p.states.get('running') ?? 0) > 0 || (p.states.get('restarting') ?? 0) > 0 || (p.states.get('paused') ?? 0) > 0)
    .filter((p) => names.length === 0 || names.some((n) => p.name.includes(n)))
    .sort((a, b) => compareStrings(a.name, b.name));
  const status = (p: Project) => [...p.states.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([state, n]) => `${state}(${n})`).join(', ');
  if (flags.quiet) for (const p of shown) ctx.io.stdout.write(`${p.name}\n`);
  else if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify(shown.map((p) => ({ Name: p.name, Status: status(p), ConfigFiles: [...p.configFiles].join(',') })))}\n`);
  else ctx.io.stdout.write(formatTable(['NAME', 'STATUS', 'CONFIG FILES'], shown.map((p) => [p.name, status(p), [...p.configFiles].join(',')])));
  return ExitCode.Ok;
};
