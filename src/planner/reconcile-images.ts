import { compareStrings } from '../base/index.ts';
import type { ServiceConfig } from '../spec/index.ts';
import type { Action } from './actions.ts';
import { serviceConfigOf, type ReconcileContext } from './context.ts';
import { imageRef, imageResource } from './names.ts';

/**
 * Images: pull or build what the policies ask for, once per reference. The
 * engine does the time-based policies (it has the clock) and says which refs
 * are due; everything else is decided here from presence and the flags:
 *
 * - `--build`, or `pull_policy: build`, builds a service that has `build:`;
 * - `--pull always`, `pull_policy: always`, or a due time-based policy pulls;
 * - a missing image is built when the service can be built (unless
 *   `--no-build`), else pulled (unless the policy is `never`: a diagnostic).
 */
type EffectivePolicy = 'always' | 'missing' | 'never' | 'build';

export function reconcileImages(context: ReconcileContext): void {
  const { project } = context;
  const byRef = new Map<string, ServiceConfig[]>();
  for (const name of [...context.scope].sort(compareStrings)) {
    const service = serviceConfigOf(context, name);
    const ref = imageRef(project.name, service);
    if (ref === undefined) {
      context.diagnostics.push({
        code: 'STK4006',
        severity: 'error',
        message: `service "${name}" has neither \`image\` nor \`build\``,
        hint: 'give it an `image:` to run, or a `build:` section to build one',
      });
      continue;
    }
    const list = byRef.get(ref);
    if (list) list.push(service);
    else byRef.set(ref, [service]);
  }
  for (const ref of [...byRef.keys()].sort(compareStrings)) decideImage(context, ref, byRef.get(ref) ?? []);
}

function decideImage(context: ReconcileContext, ref: string, services: readonly ServiceConfig[]): void {
  const { options, observed } = context;
  const present = observed.images[ref] !== undefined;
  const builder = services.find((s) => s.build !== undefined);
  const named = services.find((s) => s.image !== undefined);
  const policies = services.map((s) => effectivePolicy(context, ref, s));
  const build = options.build ?? 'missing';

  const plan = (action: Action, reason: string): void => {
    context.nodes.images.set(ref, context.builder.add(imageResource(ref), action, reason, undefined));
    // A present image pulled or built again may come out as a new one: it is replaced, not created.
    context.decisions.push({ resource: imageResource(ref), bucket: present ? 'recreate' : 'create', reasons: [reason] });
  };
  const buildIt = (reason: string): void => {
    if (!builder?.build) return;
    plan({ kind: 'buildImage', ref, service: builder.name, build: builder.build, ...(builder.platform ? { platform: builder.platform } : {}) }, reason);
  };
  const pullIt = (reason: string): void => {
    plan({ kind: 'pullImage', ref, ...(named?.platform ? { platform: named.platform } : {}) }, reason);
  };

  if (builder && build !== 'never' && (build === 'always' || policies.includes('build'))) return buildIt(build === 'always' ? '--build' : 'pull_policy: build');
  if (named && policies.includes('always')) return pullIt(pullReason(context, ref));
  if (present) return;
  if (builder && build !== 'never') return buildIt('not found');
  if (named && !policies.every((p) => p === 'never')) return pullIt('not found');
  const who = services.map((s) => `"${s.name}"`).join(', ');
  context.diagnostics.push({
    code: 'STK4006',
    severity: 'error',
    message: named
      ? `image "${ref}" (service ${who}) is not present and its pull policy is never`
      : `image "${ref}" (service ${who}) is not present and --no-build forbids building it`,
    hint: named ? 'pull it first, or allow pulling with `--pull missing`' : 'build it first (`stack build`), or drop --no-build',
  });
}

function effectivePolicy(context: ReconcileContext, ref: string, service: ServiceConfig): EffectivePolicy {
  if (context.options.pull !== undefined) return context.options.pull;
  const policy = service.pull_policy;
  if (policy === undefined || policy === 'missing' || policy === 'if_not_present') return 'missing';
  if (policy === 'always' || policy === 'never' || policy === 'build') return policy;
  // daily, weekly, every_<duration>: time-based, so the engine says when they are due.
  return context.options.pullDue?.includes(ref) ? 'always' : 'missing';
}

function pullReason(context: ReconcileContext, ref: string): string {
  if (context.options.pull === 'always') return '--pull always';
  if (context.options.pullDue?.includes(ref)) return 'pull_policy due';
  return 'pull_policy: always';
}
