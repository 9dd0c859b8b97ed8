import type { Project } from '../spec/index.ts';
import type { FileDigests } from './hash.ts';
import type { ObservedState } from './observed.ts';

/** How diverged containers are treated: recreated when diverged (the default), always (`--force-recreate`), never (`--no-recreate`). */
export type RecreatePolicy = 'diverged' | 'force' | 'never';

/** When images are fetched or built. `missing` is the default of both. */
export type ImagePolicy = 'always' | 'missing' | 'never';

/** What the command line asked for. Every field is optional; absent means Compose's default. */
export interface ReconcileOptions {
  /** Services named on the command line; empty or absent means every enabled service. */
  readonly targets?: readonly string[];
  /** `--no-deps`: only the targets, not what they depend on. */
  readonly noDeps?: boolean;
  /** For the targets (all services when there are none): `--force-recreate` is `force`, `--no-recreate` is `never`. */
  readonly recreate?: RecreatePolicy;
  /** For the dependencies of the targets: `diverged` unless `--no-recreate` (`never`) or `--always-recreate-deps` (`force`). */
  readonly recreateDependencies?: RecreatePolicy;
  /** `--scale svc=n`, over `scale:` and `deploy.replicas`. */
  readonly scale?: Readonly<Record<string, number>>;
  /** `--remove-orphans`: remove containers (and undeclared networks) of services no longer defined; else they are a warning. */
  readonly removeOrphans?: boolean;
  /** `--no-start`: create what is missing, start nothing. */
  readonly noStart?: boolean;
  /** `--renew-anon-volumes`: a replacement does not take over its predecessor's anonymous volumes. */
  readonly renewAnonVolumes?: boolean;
  /** `--timeout`/`-t`: seconds to wait for a container to stop, over each service's `stop_grace_period`. */
  readonly timeoutSeconds?: number;
  /** `--pull`: over each service's `pull_policy`. */
  readonly pull?: ImagePolicy;
  /** `--build` is `always`, `--no-build` is `never`. */
  readonly build?: ImagePolicy;
  /**
   * References whose time-based `pull_policy` (`daily`, `weekly`,
   * `every_<duration>`) is due now: the engine decides that, since it has the
   * clock; the planner pulls them as if the policy were `always`.
   */
  readonly pullDue?: readonly string[];
}

/** Everything a plan is computed from; the planner reads nothing else. */
export interface PlanInput {
  /** The desired state: the loaded project. */
  readonly project: Project;
  /** The actual state: one listing pass of the runtime. */
  readonly observed: ObservedState;
  /** Digests of the files services name (env files, `file:` configs and secrets), read by the engine. */
  readonly fileDigests?: FileDigests;
  readonly options?: ReconcileOptions;
}
