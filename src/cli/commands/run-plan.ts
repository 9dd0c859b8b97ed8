import { formatPlanSummary, planToJson, planToText, summarizePlan } from '../../planner/index.ts';
import { hasErrors } from '../../base/index.ts';
import { planProject } from '../../engine/index.ts';
import type { CommandContext } from '../context.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { checkServices, loadScope, printDiagnostics } from './session.ts';
import { reconcileOptions, type UpFlags } from './up-options.ts';

/** `stack plan` (and `up --dry-run`): the plan in its golden text form, or as JSON; exit 2 when it has errors. */
export const runPlan: CommandRun = async (ctx, args, options) => {
  return printPlan(ctx, args, options as UpFlags & { format?: 'text' | 'json' });
};

export async function printPlan(ctx: CommandContext, args: readonly string[], flags: UpFlags & { format?: 'text' | 'json' }): Promise<number> {
  const scoped = await loadScope(ctx, false);
  if (!scoped.ok) return scoped.exitCode;
  const project = scoped.value.project;
  if (!project || !checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  const reconcile = reconcileOptions(flags, args);
  using client = await openRuntime(ctx);
  const { plan } = await planProject(client, project, reconcile, ctx.signal);
  if (flags.format === 'json') {
    ctx.io.stdout.write(planToJson(plan));
  } else {
    const s = ctx.io.out;
    ctx.io.stdout.write(`${s.bold(`Plan for project ${project.name}:`)} ${formatPlanSummary(summarizePlan(plan))}\n\n`);
    if (plan.nodes.length > 0 || plan.decisions.length > 0) ctx.io.stdout.write(planToText({ ...plan, diagnostics: [] }));
  }
  if (plan.diagnostics.length > 0) printDiagnostics(ctx, plan.diagnostics);
  return hasErrors(plan.diagnostics) ? ExitCode.Usage : ExitCode.Ok;
}
