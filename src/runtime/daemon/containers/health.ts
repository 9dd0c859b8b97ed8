import { invalidConfig } from './container-errors.ts';
import type { HealthConfig } from './docker-types.ts';
import type { HealthResult, HealthState } from './container-record.ts';

/** Docker's defaults (moby daemon/health.go), in milliseconds. */
export const HEALTH_DEFAULTS = { intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, startIntervalMs: 5_000, retries: 3 } as const;
/** Docker keeps the last 5 results and 4 KiB of each probe's output. */
export const HEALTH_LOG_SIZE = 5;
export const HEALTH_OUTPUT_MAX = 4096;

export interface HealthProbe {
  /** The argv to exec: `CMD` as given, `CMD-SHELL` through /bin/sh -c. */
  readonly command: readonly string[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly startPeriodMs: number;
  readonly startIntervalMs: number;
  readonly retries: number;
}

const NS_PER_MS = 1_000_000;

/** A container's healthcheck as a probe to run, or undefined for none (no Test, or `NONE`). */
export function parseHealthcheck(config: HealthConfig | undefined): HealthProbe | undefined {
  const test = config?.Test ?? [];
  if (test.length === 0 || test[0] === 'NONE') return undefined;
  let command: readonly string[];
  switch (test[0]) {
    case 'CMD':
      command = test.slice(1);
      break;
    case 'CMD-SHELL':
      command = ['/bin/sh', '-c', test.slice(1).join(' ')];
      break;
    default:
      throw invalidConfig(`unknown healthcheck test type "${test[0]}"`, 'The test must start with CMD, CMD-SHELL or NONE.');
  }
  if (command.length === 0 || command[0] === '') throw invalidConfig('the healthcheck has no command', 'Give the test a command after CMD or CMD-SHELL.');
  const ms = (ns: number | null | undefined, fallback: number): number => (ns && ns > 0 ? Math.max(1, Math.round(ns / NS_PER_MS)) : fallback);
  for (const [name, value] of [['Interval', config?.Interval], ['Timeout', config?.Timeout], ['StartPeriod', config?.StartPeriod], ['StartInterval', config?.StartInterval]] as const) {
    // null is absent (docker-compose 1.29 sends `Timeout: null`), as 0 is: the default applies.
    if (value != null && value !== 0 && value < NS_PER_MS) throw invalidConfig(`healthcheck ${name} must be at least 1 ms`, 'Use a duration such as 1s or 500ms.');
  }
  if ((config?.Retries ?? 0) < 0) throw invalidConfig('healthcheck Retries cannot be negative', 'Use 0 for the default (3), or a positive count.');
  return {
    command,
    intervalMs: ms(config?.Interval, HEALTH_DEFAULTS.intervalMs),
    timeoutMs: ms(config?.Timeout, HEALTH_DEFAULTS.timeoutMs),
    startPeriodMs: ms(config?.StartPeriod, HEALTH_DEFAULTS.startPeriodMs),
    startIntervalMs: ms(config?.StartInterval, HEALTH_DEFAULTS.startIntervalMs),
    retries: config?.Retries && config.Retries > 0 ? config.Retries : HEALTH_DEFAULTS.retries,
  };
}

export function initialHealth(): HealthState {
  return { Status: 'starting', FailingStreak: 0, Log: [] };
}

/**
 * Folds one probe result into the health state (moby's handleProbeResult):
 * exit 0 is healthy and clears the streak; a failure counts unless the
 * container is still `starting` inside its start period; `retries`
 * consecutive failures make it unhealthy.
 */
export function applyHealthResult(state: HealthState, result: HealthResult, probe: HealthProbe, startedAtMs: number): HealthState {
  const log = [...state.Log, { ...result, Output: truncateOutput(result.Output) }].slice(-HEALTH_LOG_SIZE);
  if (result.ExitCode === 0) return { Status: 'healthy', FailingStreak: 0, Log: log };
  const inStartPeriod = state.Status === 'starting' && Date.parse(result.Start) - startedAtMs < probe.startPeriodMs;
  if (inStartPeriod) return { ...state, Log: log };
  const streak = state.FailingStreak + 1;
  return { Status: streak >= probe.retries ? 'unhealthy' : state.Status, FailingStreak: streak, Log: log };
}

/** The wait before the next probe: the start interval while starting inside the start period, else the interval. */
export function nextProbeDelay(state: HealthState, probe: HealthProbe, startedAtMs: number, nowMs: number): number {
  if (state.Status === 'starting' && probe.startPeriodMs > 0 && nowMs - startedAtMs < probe.startPeriodMs) return probe.startIntervalMs;
  return probe.intervalMs;
}

export function truncateOutput(output: string): string {
  const bytes = Buffer.from(output, 'utf8');
  return bytes.length <= HEALTH_OUTPUT_MAX ? output : bytes.subarray(0, HEALTH_OUTPUT_MAX).toString('utf8');
}
