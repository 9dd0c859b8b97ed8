import { describe, expect, it } from 'vitest';
import { HEALTH_OUTPUT_MAX, applyHealthResult, initialHealth, nextProbeDelay, parseHealthcheck, truncateOutput, type HealthProbe } from './health.ts';

const MS = 1_000_000;
const result = (exitCode: number, at: number, output = ''): { Start: string; End: string; ExitCode: number; Output: string } => ({
  Start: new Date(at).toISOString(),
  End: new Date(at + 1).toISOString(),
  ExitCode: exitCode,
  Output: output,
});

describe('parseHealthcheck', () => {
  it('reads null durations and retries as absent, as docker-compose 1.29 sends them (regression: null was refused as "at least 1 ms")', () => {
    const probe = parseHealthcheck({ Test: ['CMD', 'true'], Interval: null, Timeout: null, StartPeriod: null, StartInterval: null, Retries: null });
    expect(probe).toMatchObject({ command: ['true'], timeoutMs: 30_000, intervalMs: 30_000, retries: 3 });
  });

  it('CMD runs as given, CMD-SHELL through /bin/sh -c, NONE and nothing mean no probe', () => {
    expect(parseHealthcheck({ Test: ['CMD', 'curl', '-f', 'x'] })?.command).toEqual(['curl', '-f', 'x']);
    expect(parseHealthcheck({ Test: ['CMD-SHELL', 'curl -f x || exit 1'] })?.command).toEqual(['/bin/sh', '-c', 'curl -f x || exit 1']);
    expect(parseHealthcheck({ Test: ['NONE'] })).toBeUndefined();
    expect(parseHealthcheck(undefined)).toBeUndefined();
  });

  it('Docker\'s defaults, durations from nanoseconds', () => {
    expect(parseHealthcheck({ Test: ['CMD', 'x'] })).toEqual({ command: ['x'], intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, startIntervalMs: 5_000, retries: 3 });
    expect(parseHealthcheck({ Test: ['CMD', 'x'], Interval: 2000 * MS, Timeout: 500 * MS, Retries: 5 })).toMatchObject({ intervalMs: 2000, timeoutMs: 500, retries: 5 });
  });

  it('refuses an unknown test type, an empty command, sub-millisecond durations', () => {
    expect(() => parseHealthcheck({ Test: ['RUN', 'x'] })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => parseHealthcheck({ Test: ['CMD'] })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => parseHealthcheck({ Test: ['CMD', 'x'], Interval: 10 })).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
});

describe('applyHealthResult', () => {
  const probe: HealthProbe = { command: ['x'], intervalMs: 1000, timeoutMs: 1000, startPeriodMs: 10_000, startIntervalMs: 100, retries: 2 };
  const started = 1_000_000;

  it('a success makes it healthy and clears the streak', () => {
    expect(applyHealthResult({ Status: 'unhealthy', FailingStreak: 4, Log: [] }, result(0, started + 20_000), probe, started)).toMatchObject({ Status: 'healthy', FailingStreak: 0 });
  });

  it('failures inside the start period do not count while starting', () => {
    expect(applyHealthResult(initialHealth(), result(1, started + 5_000), probe, started)).toMatchObject({ Status: 'starting', FailingStreak: 0 });
  });

  it('`retries` consecutive failures make it unhealthy', () => {
    const one = applyHealthResult(initialHealth(), result(1, started + 20_000), probe, started);
    expect(one).toMatchObject({ Status: 'starting', FailingStreak: 1 });
    expect(applyHealthResult(one, result(1, started + 21_000), probe, started)).toMatchObject({ Status: 'unhealthy', FailingStreak: 2 });
  });

  it('keeps the last five results, output cut at 4 KiB', () => {
    let state = initialHealth();
    for (let i = 0; i < 7; i += 1) state = applyHealthResult(state, result(0, started + i, `r${i}`), probe, started);
    expect(state.Log.map((r) => r.Output)).toEqual(['r2', 'r3', 'r4', 'r5', 'r6']);
    expect(Buffer.byteLength(truncateOutput('x'.repeat(10_000)))).toBe(HEALTH_OUTPUT_MAX);
  });

  it('probes at the start interval during the start period, then at the interval', () => {
    expect(nextProbeDelay(initialHealth(), probe, started, started + 100)).toBe(100);
    expect(nextProbeDelay(initialHealth(), probe, started, started + 20_000)).toBe(1000);
    expect(nextProbeDelay({ Status: 'healthy', FailingStreak: 0, Log: [] }, probe, started, started + 100)).toBe(1000);
  });
});
