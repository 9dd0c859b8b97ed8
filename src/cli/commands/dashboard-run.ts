import { RuntimeDashboardSource, type ReloadResult } from '../../engine/dashboard/index.ts';
import type { RuntimeClient } from '../../runtime/client/index.ts';
import type { Project } from '../../spec/index.ts';
import { loadInk } from '../../ui/index.ts';
import type { CommandRun } from '../command-spec.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { loadWithContext } from '../load-project.ts';
import { openRuntime } from '../runtime.ts';
import { usageError } from '../usage-error.ts';
import { loadScope, stackVersion } from './session.ts';

interface DashboardFlags {
  readonly statsInterval: string;
  readonly tail: string;
}

export interface DashboardOptions {
  readonly statsIntervalMs?: number;
  readonly tail?: number;
}

/** `stack dashboard`: the project's live view until `q`; the services go on running after it. */
export const runDashboardCommand: CommandRun = async (ctx, _args, options) => {
  const flags = options as unknown as DashboardFlags;
  const dashboard = dashboardOptions(flags);
  requireTerminal(ctx, 'stack dashboard');
  const scoped = await loadScope(ctx, false);
  if (!scoped.ok) return scoped.exitCode;
  const project = scoped.value.project;
  if (!project) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  // An unreachable runtime is an error on the main screen, with its hint, not a dashboard that says "connection lost".
  await client.ping({ signal: ctx.signal });
  return openDashboard(ctx, client, project, dashboard);
};

/** The dashboard's flags as numbers; a bad value is a usage error. */
export function dashboardOptions(flags: Partial<DashboardFlags>): DashboardOptions {
  const interval = flags.statsInterval === undefined ? undefined : Number(flags.statsInterval);
  if (interval !== undefined && !(Number.isFinite(interval) && interval > 0)) {
    throw usageError('STK7003', `--stats-interval "${flags.statsInterval}" is not a number of seconds`, 'give a positive number, e.g. --stats-interval 2');
  }
  const tail = flags.tail === undefined ? undefined : Number(flags.tail);
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw usageError('STK7003', `--tail "${flags.tail}" is not a number of lines`, 'give a whole number, e.g. --tail 200');
  return { ...(interval !== undefined ? { statsIntervalMs: interval * 1000 } : {}), ...(tail !== undefined ? { tail } : {}) };
}

/** A full-screen view needs a terminal to draw on and to read keys from. */
export function requireTerminal(ctx: CommandContext, what: string): void {
  if (ctx.io.stdout.isTTY === true && ctx.io.stdin.isTTY === true) return;
  throw usageError('STK7008', `${what} needs a terminal: ${ctx.io.stdout.isTTY === true ? 'stdin' : 'stdout'} is not one`, 'run it in a terminal; in a script use `stack ps` and `stack logs -f`');
}

/**
 * Opens the dashboard on the project (shared by `stack dashboard` and
 * `stack up --dashboard`): the runtime source, the stack files watched
 * (unless the file came from stdin), colours as --ansi and NO_COLOR say.
 * Resolves with the exit code once the terminal is restored.
 */
export async function openDashboard(ctx: CommandContext, client: RuntimeClient, project: Project, options: DashboardOptions = {}): Promise<number> {
  const fromStdin = ctx.global.file.includes('-');
  const reload = async (): Promise<ReloadResult> => {
    const loaded = await loadWithContext(ctx);
    return { ...(loaded.project ? { project: loaded.project } : {}), diagnostics: loaded.diagnostics, files: [...loaded.sources.keys()].filter((f) => f.startsWith('/')).sort() };
  };
  const files = fromStdin ? [] : (await reload()).files;
  const source = new RuntimeDashboardSource({
    client,
    project,
    files,
    ...(fromStdin ? {} : { reload }),
    ...(options.statsIntervalMs !== undefined ? { statsIntervalMs: options.statsIntervalMs } : {}),
    parallel: ctx.global.parallel,
    version: stackVersion,
  });
  const { runDashboard } = await loadInk({ color: ctx.io.out.enabled });
  return runDashboard({
    source,
    actions: source.actions,
    stdout: ctx.io.stdout as NodeJS.WriteStream,
    stdin: ctx.io.stdin as NodeJS.ReadStream,
    color: ctx.io.out.enabled,
    signal: ctx.signal,
    ...(options.tail !== undefined ? { logTail: options.tail } : {}),
  });
}
