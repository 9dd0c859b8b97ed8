import { invalidConfig } from './container-errors.ts';
import type { RestartPolicy } from './docker-types.ts';

export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface ParsedRestartPolicy {
  readonly name: RestartPolicyName;
  /** on-failure only; 0 means no limit. */
  readonly maxRetries: number;
}

/** Docker's back-off (moby restartmanager): 100 ms, doubled per restart, at most 1 min, reset after 10 s of running. */
export const BACKOFF_INITIAL_MS = 100;
export const BACKOFF_MAX_MS = 60_000;
export const BACKOFF_RESET_AFTER_MS = 10_000;

export function parseRestartPolicy(policy: RestartPolicy | undefined): ParsedRestartPolicy {
  const name = policy?.Name ?? '';
  const max = policy?.MaximumRetryCount ?? 0;
  switch (name) {
    case '':
    case 'no':
      if (max !== 0) throw invalidConfig('a maximum retry count needs the on-failure restart policy', 'Use restart: on-failure:N, or drop the count.');
      return { name: 'no', maxRetries: 0 };
    case 'always':
    case 'unless-stopped':
      if (max !== 0) throw invalidConfig(`a maximum retry count cannot be used with restart policy "${name}"`, 'Use restart: on-failure:N, or drop the count.');
      return { name, maxRetries: 0 };
    case 'on-failure':
      if (max < 0) throw invalidConfig('the maximum retry count cannot be negative', 'Use on-failure:N with N ≥ 0.');
      return { name, maxRetries: max };
    default:
      throw invalidConfig(`invalid restart policy "${String(name)}"`, 'Use no, always, on-failure[:N] or unless-stopped.');
  }
}

/** What the restart manager remembers between runs of one container. */
export interface RestartMemory {
  /** Policy restarts since the last manual start. */
  readonly restartCount: number;
  /** The last back-off used, 0 before the first restart. */
  readonly backoffMs: number;
}

export interface RestartDecision {
  readonly restart: boolean;
  readonly delayMs: number;
  readonly memory: RestartMemory;
}

/**
 * Should a container that just exited be restarted, and after how long?
 * (moby daemon/internal/restartmanager ShouldRestart.) A manual stop always
 * wins; `always` restarts on any exit, `unless-stopped` likewise unless
 * stopped by hand, `on-failure` on a non-zero status while under its count.
 * The back-off resets when the run lasted 10 s or more.
 */
export function decideRestart(policy: ParsedRestartPolicy, input: { exitCode: number; manuallyStopped: boolean; ranForMs: number; memory: RestartMemory }): RestartDecision {
  let backoff = input.ranForMs >= BACKOFF_RESET_AFTER_MS ? 0 : input.memory.backoffMs;
  backoff = backoff === 0 ? BACKOFF_INITIAL_MS : Math.min(Math.max(backoff * 2, BACKOFF_INITIAL_MS), BACKOFF_MAX_MS);
  let restart = false;
  if (!input.manuallyStopped) {
    switch (policy.name) {
      case 'always':
      case 'unless-stopped':
        restart = true;
        break;
      case 'on-failure':
        restart = input.exitCode !== 0 && (policy.maxRetries === 0 || input.memory.restartCount < policy.maxRetries);
        break;
      case 'no':
        break;
    }
  }
  if (!restart) return { restart: false, delayMs: 0, memory: input.memory };
  return { restart: true, delayMs: backoff, memory: { restartCount: input.memory.restartCount + 1, backoffMs: backoff } };
}

/** Docker restarts these at daemon start (or, for us, at recover) when they were not stopped by hand. */
export function restartsOnDaemonStart(policy: ParsedRestartPolicy, state: { manuallyStopped: boolean; exitCode: number }): boolean {
  if (state.manuallyStopped) return false;
  return policy.name === 'always' || policy.name === 'unless-stopped' || (policy.name === 'on-failure' && state.exitCode !== 0);
}
