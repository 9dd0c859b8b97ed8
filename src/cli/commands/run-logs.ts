import { shouldColor, style } from '../../base/index.ts';
import { followLogs } from '../../engine/index.ts';
import { parseDuration } from '../../spec/index.ts';
import { createLogFormatter } from '../../ui/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { usageError } from '../usage-error.ts';
import { checkServices, loadScope, parseIndex } from './session.ts';

interface LogsFlags {
  readonly follow: boolean;
  readonly tail: string;
  readonly since?: string;
  readonly until?: string;
  readonly timestamps: boolean;
  readonly color: boolean;
  readonly logPrefix: boolean;
  readonly index?: string;
}

/** `stack logs`: each container's output, prefixed; with -f, until Ctrl+C, following containers that start later. */
export const runLogs: CommandRun = async (ctx, args, options) => {
  const flags = options as unknown as LogsFlags;
  const tail = flags.tail === 'all' ? 'all' : Number(flags.tail);
  if (tail !== 'all' && (!Number.isInteger(tail) || tail < 0)) throw usageError('STK7003', `--tail "${flags.tail}" is not a number of lines`, 'give a whole number, or "all"');
  const since = flags.since === undefined ? undefined : pointInTime(flags.since, '--since');
  const until = flags.until === undefined ? undefined : pointInTime(flags.until, '--until');
  const index = parseIndex(flags.index);
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  if (!checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  const stdout = ctx.io.stdout as NodeJS.WriteStream;
  const styler = style(flags.color && shouldColor(ctx.global.ansi, stdout.isTTY === true, ctx.env as NodeJS.ProcessEnv));
  const services = scoped.value.project ? Object.keys(scoped.value.project.services) : args;
  const formatter = createLogFormatter(services, [], { styler, prefix: flags.logPrefix, timestamps: flags.timestamps });
  await followLogs({
    client,
    project: scoped.value.name,
    services: args,
    ...(index !== undefined ? { index } : {}),
    follow: flags.follow,
    tail,
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    formatter,
    write: (line) => stdout.write(`${line}\n`),
    signal: ctx.signal,
  });
  return ExitCode.Ok;
};

/** A timestamp (RFC 3339, or seconds since the epoch) or a duration before now (`42m`, `1h30m`), as Docker reads --since. */
export function pointInTime(text: string, flag: string, now: number = Date.now()): Date {
  const ns = parseDuration(text);
  if (ns !== undefined && /[a-z]$/i.test(text)) return new Date(now - ns / 1e6);
  if (/^\d+(\.\d+)?$/.test(text)) return new Date(Number(text) * 1000);
  const ms = Date.parse(text);
  if (Number.isFinite(ms)) return new Date(ms);
  throw usageError('STK7003', `${flag} "${text}" is neither a time nor a duration`, 'use 2024-01-02T13:23:37Z, a Unix time, or a duration like 42m');
}
