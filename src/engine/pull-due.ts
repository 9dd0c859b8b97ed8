import { imageRef } from '../planner/index.ts';
import type { ImageDetails } from '../runtime/client/index.ts';
import { parseDuration, type Project } from '../spec/index.ts';

const DAY = 24 * 3600 * 1000;

/**
 * The image references whose time-based `pull_policy` (`daily`, `weekly`,
 * `every_<duration>`) is due at `now`: the last time the image was tagged
 * locally (a pull tags it) is longer ago than the period. The planner pulls
 * those; it has no clock. A missing image is the planner's own business.
 */
export function pullDue(project: Project, images: ReadonlyMap<string, ImageDetails>, now: number): string[] {
  const due = new Set<string>();
  for (const service of Object.values(project.services)) {
    const period = pullPeriodMs(service.pull_policy);
    const ref = imageRef(project.name, service);
    if (period === undefined || ref === undefined) continue;
    const image = images.get(ref);
    if (image === undefined) continue;
    const metadata = (image.raw.Metadata ?? {}) as Record<string, unknown>;
    const lastTag = typeof metadata.LastTagTime === 'string' ? Date.parse(metadata.LastTagTime) : Number.NaN;
    const since = Number.isFinite(lastTag) && lastTag > 0 ? lastTag : image.created;
    if (now - since >= period) due.add(ref);
  }
  return [...due].sort();
}

export function pullPeriodMs(policy: string | undefined): number | undefined {
  if (policy === 'daily') return DAY;
  if (policy === 'weekly') return 7 * DAY;
  if (policy?.startsWith('every_')) {
    const ns = parseDuration(policy.slice('every_'.length));
    return ns === undefined || ns <= 0 ? undefined : ns / 1e6;
  }
  return undefined;
}
