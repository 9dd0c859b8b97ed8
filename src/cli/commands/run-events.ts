import { parseComposeLabels, projectFilter } from '../../runtime/client/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { pointInTime } from './run-logs.ts';
import { checkServices, loadScope } from './session.ts';

/**
 * `stack events`: the runtime's container events about the project, as
 * `docker compose events` prints them (or one JSON object per line), until
 * Ctrl+C or `--until`.
 */
export const runEvents: CommandRun = async (ctx, args, options) => {
  const flags = options as { json: boolean; since?: string; until?: string };
  const since = flags.since === undefined ? undefined : pointInTime(flags.since, '--since');
  const until = flags.until === undefined ? undefined : pointInTime(flags.until, '--until');
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  if (!checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  for await (const event of client.events({ labels: [projectFilter(scoped.value.name)], types: ['container'], signal: ctx.signal, ...(since ? { since } : {}), ...(until ? { until } : {}) })) {
    const service = parseComposeLabels(event.attributes).service ?? '';
    if (args.length > 0 && !args.includes(service)) continue;
    const time = new Date(event.time).toISOString();
    const action = event.detail !== undefined ? `${event.action}: ${event.detail}` : event.action;
    if (flags.json) {
      // The config snapshot label is ours and large; the hash beside it says the same for a reader of events.
      const { 'dev.stack.config': _snapshot, ...attributes } = event.attributes;
      ctx.io.stdout.write(`${JSON.stringify({ time, type: event.type, action, id: event.id, service, attributes })}\n`);
    } else {
      const name = event.attributes.name ?? '';
      ctx.io.stdout.write(`${time} ${event.type} ${action} ${event.id} (image=${event.attributes.image ?? ''}, name=${name})\n`);
    }
  }
  return ExitCode.Ok;
};
