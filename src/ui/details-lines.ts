import type { PlannedResource } from '../engine/events.ts';
import { sortedEntries } from '../base/sort.ts';
import type { DashboardState, DetailsView, ServiceRow } from './dashboard-state.ts';
import { sanitizeLine } from './text-width.ts';

/** One line of the details pane, with how to draw it. */
export interface DetailsLine {
  readonly kind: 'heading' | 'text' | 'muted' | 'good' | 'bad';
  readonly text: string;
}

/**
 * The details pane as lines (the pane scrolls through them): a summary, then
 * the plan `up` would apply to the service, its last health checks, config,
 * environment, mounts and networks.
 */
export function detailsLines(state: DashboardState, row: ServiceRow | undefined, view: DetailsView | undefined): DetailsLine[] {
  if (row === undefined) return [{ kind: 'muted', text: 'no service selected' }];
  const lines: DetailsLine[] = [];
  const health = row.health === 'none' ? 'no health check' : row.health;
  lines.push({ kind: 'heading', text: `${row.name}  ${row.state} ${row.running}/${row.desired} · ${health} · ${row.restarts} restarts · ${row.image}` });
  const planned = servicePlan(state, row.name, view);
  lines.push({ kind: 'heading', text: 'Plan (what `up` would do)' });
  if (state.plan?.problem) lines.push({ kind: 'bad', text: `  the stack file does not load: ${state.plan.problem}` });
  else if (planned.length === 0) lines.push({ kind: 'good', text: '  up to date' });
  else for (const p of planned) lines.push({ kind: 'text', text: `  ${p.bucket} ${p.resource.name}${p.reasons.length > 0 ? ` (${p.reasons.join('; ')})` : ''}` });
  if (view === undefined || view.phase === 'loading') {
    lines.push({ kind: 'muted', text: 'loading details…' });
    return lines;
  }
  if (view.phase === 'failed' || view.data === undefined) {
    lines.push({ kind: 'bad', text: `details unavailable: ${view.error ? `${view.error.code} ${view.error.message}` : 'no data'}` });
    return lines;
  }
  const d = view.data;
  lines.push({ kind: 'heading', text: 'Health checks (newest last)' });
  if (d.health.length === 0) lines.push({ kind: 'muted', text: '  none recorded' });
  for (const h of d.health) {
    const when = new Date(h.start).toISOString().slice(11, 19);
    const output = sanitizeLine(h.output.trim().split('\n').pop() ?? '');
    lines.push({ kind: h.exitCode === 0 ? 'good' : 'bad', text: `  ${when} exit ${h.exitCode}${output ? `  ${output}` : ''}` });
  }
  lines.push({ kind: 'heading', text: 'Config' });
  for (const l of d.config.replace(/\n$/, '').split('\n')) lines.push({ kind: 'text', text: `  ${sanitizeLine(l)}` });
  lines.push({ kind: 'heading', text: 'Environment' });
  const env = sortedEntries(d.environment);
  if (env.length === 0) lines.push({ kind: 'muted', text: '  (none)' });
  for (const [key, value] of env) lines.push({ kind: 'text', text: `  ${key}=${sanitizeLine(value)}` });
  lines.push({ kind: 'heading', text: 'Mounts' });
  if (d.mounts.length === 0) lines.push({ kind: 'muted', text: '  (none)' });
  for (const m of d.mounts) lines.push({ kind: 'text', text: `  ${m.type} ${m.source || '(anonymous)'} → ${m.target}${m.readOnly ? ' (ro)' : ''}` });
  lines.push({ kind: 'heading', text: 'Networks' });
  if (d.networks.length === 0) lines.push({ kind: 'muted', text: '  (none)' });
  for (const n of d.networks) lines.push({ kind: 'text', text: `  ${n.name}${n.ipv4 ? ` ${n.ipv4}` : ''}${n.aliases.length > 0 ? `  aliases: ${n.aliases.join(', ')}` : ''}` });
  return lines;
}

/** The plan for a service: the preview after the stack file changed (newer), else the source's answer. */
function servicePlan(state: DashboardState, service: string, view: DetailsView | undefined): readonly PlannedResource[] {
  if (state.plan !== undefined) return state.plan.resources.filter((p) => p.resource.service === service && p.bucket !== 'keep');
  return (view?.data?.plan ?? []).filter((p) => p.bucket !== 'keep');
}
