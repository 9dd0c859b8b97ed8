import type { ImagePolicy, ReconcileOptions } from '../../planner/index.ts';
import { usageError } from '../usage-error.ts';

/** The flags `up` and `plan` share, as commander gives them. */
export interface UpFlags {
  readonly build?: boolean;
  readonly pull?: ImagePolicy;
  readonly forceRecreate?: boolean;
  readonly recreate?: boolean;
  readonly alwaysRecreateDeps?: boolean;
  readonly renewAnonVolumes?: boolean;
  readonly deps?: boolean;
  readonly removeOrphans?: boolean;
  readonly scale?: readonly string[];
  readonly start?: boolean;
  readonly timeout?: string;
}

/** Flags to the planner's options; a bad value is a usage error (exit 2). */
export function reconcileOptions(flags: UpFlags, targets: readonly string[]): ReconcileOptions {
  if (flags.forceRecreate === true && flags.recreate === false) throw usageError('STK7007', '--force-recreate and --no-recreate cannot be used together', 'choose one');
  const scale: Record<string, number> = {};
  for (const entry of flags.scale ?? []) {
    const match = /^([^=]+)=(\d+)$/.exec(entry);
    if (!match) throw usageError('STK7003', `--scale "${entry}" is not SERVICE=NUMBER`, 'write it as --scale web=3');
    scale[match[1] as string] = Number(match[2]);
  }
  const timeout = seconds(flags.timeout, '--timeout');
  return {
    ...(targets.length > 0 ? { targets } : {}),
    ...(flags.deps === false ? { noDeps: true } : {}),
    recreate: flags.recreate === false ? 'never' : flags.forceRecreate === true ? 'force' : 'diverged',
    recreateDependencies: flags.recreate === false ? 'never' : flags.alwaysRecreateDeps === true ? 'force' : 'diverged',
    ...(Object.keys(scale).length > 0 ? { scale } : {}),
    ...(flags.removeOrphans === true ? { removeOrphans: true } : {}),
    ...(flags.start === false ? { noStart: true } : {}),
    ...(flags.renewAnonVolumes === true ? { renewAnonVolumes: true } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    ...(flags.pull !== undefined ? { pull: flags.pull } : {}),
    ...(flags.build === true ? { build: 'always' as const } : flags.build === false ? { build: 'never' as const } : {}),
  };
}

/** A whole number of seconds from a flag, or undefined when the flag is absent. */
export function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw usageError('STK7003', `${flag} "${value}" is not a number of seconds`, `give ${flag} a whole number, e.g. ${flag} 10`);
  return Math.floor(n);
}
