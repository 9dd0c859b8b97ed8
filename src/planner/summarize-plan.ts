import { buckets, type Bucket, type Plan } from './plan.ts';

/** Counts for the header of `stack plan`'s text view. */
export interface PlanSummary {
  /** Decisions per bucket; every bucket is present. */
  readonly buckets: Readonly<Record<Bucket, number>>;
  /** Runtime calls the plan makes. */
  readonly actions: number;
  readonly errors: number;
  readonly warnings: number;
}

export function summarizePlan(plan: Plan): PlanSummary {
  const counts = Object.fromEntries(buckets.map((b) => [b, 0])) as Record<Bucket, number>;
  for (const decision of plan.decisions) counts[decision.bucket] += 1;
  return {
    buckets: counts,
    actions: plan.nodes.length,
    errors: plan.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: plan.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

/** `2 to create, 1 to recreate, 4 unchanged` (buckets with nothing are left out; `nothing to do` when all are). */
export function formatPlanSummary(summary: PlanSummary): string {
  const words: Readonly<Record<Bucket, string>> = {
    create: 'to create',
    recreate: 'to recreate',
    start: 'to start',
    restart: 'to restart',
    stop: 'to stop',
    remove: 'to remove',
    keep: 'unchanged',
  };
  const parts = buckets.filter((b) => summary.buckets[b] > 0).map((b) => `${summary.buckets[b]} ${words[b]}`);
  if (summary.actions === 0) return parts.length === 0 ? 'nothing to do' : `nothing to do (${parts.join(', ')})`;
  return parts.join(', ');
}
