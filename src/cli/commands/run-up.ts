import { converge, type EngineEvent } from '../../engine/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { usageError } from '../usage-error.ts';
import { followAttached } from './attached-up.ts';
import { printPlan } from './run-plan.ts';
import { checkServices, convergeExit, loadScope, stackVersion, withProgress } from './session.ts';
import { reconcileOptions, seconds, type UpFlags } from './up-options.ts';

interface UpOnlyFlags extends UpFlags {
  readonly detach: boolean;
  readonly wait: boolean;
  readonly waitTimeout?: string;
  readonly abortOnContainerExit: boolean;
  readonly abortOnContainerFailure: boolean;
  readonly exitCodeFrom?: string;
  readonly dryRun: boolean;
  readonly color: boolean;
  readonly logPrefix: boolean;
  readonly timestamps: boolean;
  readonly dashboard: boolean;
}

/**
 * `stack up`: converge the project (one pass: observe, plan, execute), then
 * with `--wait` wait for every service's desired end state, or without `-d`
 * follow the logs until the containers exit or Ctrl+C stops them.
 */
export const runUp: CommandRun = async (ctx, args, options) => {
  const flags = options as unknown as UpOnlyFlags;
  const abort = flags.abortOnContainerExit || flags.abortOnContainerFailure || flags.exitCodeFrom !== undefined;
  const detached = flags.detach || flags.wait;
  if (detached && abort) throw usageError('STK7007', '-d/--wait cannot be combined with --abort-on-container-exit, --abort-on-container-failure or --exit-code-from', 'drop -d to follow the logs, or drop the abort flag');
  if (flags.dashboard && abort) throw usageError('STK7007', '--dashboard cannot be combined with --abort-on-container-exit, --abort-on-container-failure or --exit-code-from', 'drop the abort flag, or --dashboard to follow the logs');
  // The dashboard's code (and Ink) loads only when asked for; the terminal is checked before anything runs.
  const dashboard = flags.dashboard && !flags.dryRun && !ctx.global.dryRun ? await import('./dashboard-run.ts') : undefined;
  dashboard?.requireTerminal(ctx, 'stack up --dashboard');
  if (flags.dryRun || ctx.global.dryRun) return printPlan(ctx, args, flags);
  const waitTimeout = seconds(flags.waitTimeout, '--wait-timeout');
  const reconcile = reconcileOptions(flags, args);

  const scoped = await loadScope(ctx, false);
  if (!scoped.ok) return scoped.exitCode;
  const project = scoped.value.project;
  if (!project || !checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  if (flags.exitCodeFrom !== undefined && !checkServices(ctx, scoped.value, [flags.exitCodeFrom])) return ExitCode.Usage;

  using client = await openRuntime(ctx);
  const since = Date.now();
  const result = await withProgress(ctx, (renderer) =>
    converge({
      client,
      project,
      reconcile,
      emit: (event: EngineEvent) => renderer.handle(event),
      signal: ctx.signal,
      parallel: ctx.global.parallel,
      version: stackVersion,
      command: 'up',
      ...(flags.wait ? { wait: { services: args, ...(waitTimeout !== undefined ? { timeoutMs: waitTimeout * 1000 } : {}) } } : {}),
    }),
  );
  const ended = convergeExit(ctx, result);
  if (ended !== undefined) return ended;
  if (dashboard) return dashboard.openDashboard(ctx, client, project);
  if (detached || reconcile.noStart === true) return ExitCode.Ok;
  return followAttached(ctx, client, project, {
    services: args,
    abortOnExit: flags.abortOnContainerExit || flags.exitCodeFrom !== undefined,
    abortOnFailure: flags.abortOnContainerFailure,
    ...(flags.exitCodeFrom !== undefined ? { exitCodeFrom: flags.exitCodeFrom } : {}),
    color: flags.color,
    prefix: flags.logPrefix,
    timestamps: flags.timestamps,
    since,
    ...(reconcile.timeoutSeconds !== undefined ? { timeoutSeconds: reconcile.timeoutSeconds } : {}),
  });
};
