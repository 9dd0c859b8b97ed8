import { compareStrings } from '../../base/index.ts';
import { parseComposeLabels, type ContainerSummary, type PortMapping } from '../../runtime/client/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { usageError } from '../usage-error.ts';
import { formatTable, timeAgo } from './format-table.ts';
import { checkServices, loadScope, projectContainers } from './session.ts';

interface PsFlags {
  readonly all: boolean;
  readonly quiet: boolean;
  readonly services: boolean;
  readonly status?: readonly string[];
  readonly format: 'table' | 'json';
}

const states = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

/** `stack ps`: the project's containers (running ones unless -a), as a table, ids, service names or JSON lines. */
export const runPs: CommandRun = async (ctx, args, options) => {
  const flags = options as unknown as PsFlags;
  for (const status of flags.status ?? []) if (!states.includes(status)) throw usageError('STK7003', `--status "${status}" is not a container state`, `use one of ${states.join(', ')}`);
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  if (!checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  const all = flags.all || (flags.status?.length ?? 0) > 0;
  const containers = (await projectContainers(client, scoped.value.name, { services: args, all, oneoff: true, signal: ctx.signal })).filter(
    (c) => (flags.status === undefined || flags.status.includes(c.state)) && (all || c.state === 'running' || c.state === 'restarting' || c.state === 'paused'),
  );
  const out = ctx.io.stdout;
  if (flags.quiet) {
    for (const c of containers) out.write(`${c.id}\n`);
  } else if (flags.services) {
    for (const s of [...new Set(containers.map((c) => parseComposeLabels(c.labels).service ?? ''))].sort(compareStrings)) out.write(`${s}\n`);
  } else if (flags.format === 'json') {
    for (const c of containers) out.write(`${JSON.stringify(psJson(c, scoped.value.name))}\n`);
  } else {
    const now = Date.now();
    const rows = containers.map((c) => [c.name, c.image, quote(c.command), parseComposeLabels(c.labels).service ?? '', timeAgo(c.created, now), c.status, formatPorts(c.ports)]);
    out.write(formatTable(['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'], rows));
  }
  return ExitCode.Ok;
};

function quote(command: string): string {
  return `"${command.length > 20 ? `${command.slice(0, 19)}…` : command}"`;
}

/** `127.0.0.1:8080->80/tcp, 9000/tcp`, as Docker prints ports. */
export function formatPorts(ports: readonly PortMapping[]): string {
  return ports
    .map((p) => (p.hostPort !== undefined ? `${p.hostIp?.includes(':') ? `[${p.hostIp}]` : (p.hostIp ?? '')}:${p.hostPort}->${p.containerPort}/${p.protocol}` : `${p.containerPort}/${p.protocol}`))
    .join(', ');
}

/** Compose's `ps --format json` object (one per line). */
function psJson(c: ContainerSummary, project: string): Record<string, unknown> {
  const labels = parseComposeLabels(c.labels);
  return {
    ID: c.id,
    Name: c.name,
    Names: c.name,
    Image: c.image,
    Command: c.command,
    Project: project,
    Service: labels.service ?? '',
    Created: Math.floor(c.created / 1000),
    State: c.state,
    Status: c.status,
    Health: c.health ?? '',
    ExitCode: c.exitCode ?? 0,
    Publishers: c.ports.map((p) => ({ URL: p.hostIp ?? '', TargetPort: p.containerPort, PublishedPort: p.hostPort ?? 0, Protocol: p.protocol })),
    Labels: Object.entries(c.labels).sort(([a], [b]) => compareStrings(a, b)).map(([k, v]) => `${k}=${v}`).join(','),
    Mounts: c.mounts.map((m) => m.name ?? m.source).join(','),
    Networks: c.networks.map((n) => n.name).join(','),
    LocalVolumes: String(c.mounts.filter((m) => m.type === 'volume').length),
    Size: '0B',
  };
}
