import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, decideRestart, parseRestartPolicy, restartsOnDaemonStart, type RestartMemory } from './restart-policy.ts';

const fresh: RestartMemory = { restartCount: 0, backoffMs: 0 };

describe('parseRestartPolicy', () => {
  it('accepts Docker\'s four policies and refuses the rest', () => {
    expect(parseRestartPolicy(undefined)).toEqual({ name: 'no', maxRetries: 0 });
    expect(parseRestartPolicy({ Name: 'on-failure', MaximumRetryCount: 3 })).toEqual({ name: 'on-failure', maxRetries: 3 });
    expect(() => parseRestartPolicy({ Name: 'always', MaximumRetryCount: 2 })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => parseRestartPolicy({ Name: 'sometimes' as 'always' })).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
});

describe('decideRestart', () => {
  const always = parseRestartPolicy({ Name: 'always' });

  it('backs off 100 ms, doubling, up to a minute', () => {
    let memory = fresh;
    const delays: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const d = decideRestart(always, { exitCode: 0, manuallyStopped: false, ranForMs: 50, memory });
      delays.push(d.delayMs);
      memory = d.memory;
    }
    expect(delays.slice(0, 5)).toEqual([100, 200, 400, 800, 1600]);
    expect(delays.at(-1)).toBe(BACKOFF_MAX_MS);
    expect(memory.restartCount).toBe(12);
  });

  it('resets the back-off after a run of 10 s', () => {
    const d = decideRestart(always, { exitCode: 1, manuallyStopped: false, ranForMs: 10_000, memory: { restartCount: 5, backoffMs: 6400 } });
    expect(d.delayMs).toBe(BACKOFF_INITIAL_MS);
  });

  it('a manual stop wins over every policy', () => {
    for (const Name of ['always', 'unless-stopped', 'on-failure'] as const) {
      expect(decideRestart(parseRestartPolicy({ Name }), { exitCode: 1, manuallyStopped: true, ranForMs: 0, memory: fresh }).restart).toBe(false);
    }
  });

  it('on-failure: only non-zero exits, and at most N restarts', () => {
    const policy = parseRestartPolicy({ Name: 'on-failure', MaximumRetryCount: 2 });
    expect(decideRestart(policy, { exitCode: 0, manuallyStopped: false, ranForMs: 0, memory: fresh }).restart).toBe(false);
    const first = decideRestart(policy, { exitCode: 1, manuallyStopped: false, ranForMs: 0, memory: fresh });
    const second = decideRestart(policy, { exitCode: 1, manuallyStopped: false, ranForMs: 0, memory: first.memory });
    const third = decideRestart(policy, { exitCode: 1, manuallyStopped: false, ranForMs: 0, memory: second.memory });
    expect([first.restart, second.restart, third.restart]).toEqual([true, true, false]);
    expect(second.memory.restartCount).toBe(2);
  });

  it('no never restarts', () => {
    expect(decideRestart(parseRestartPolicy({ Name: 'no' }), { exitCode: 1, manuallyStopped: false, ranForMs: 0, memory: fresh }).restart).toBe(false);
  });

  it('property: the delay is always within [100 ms, 60 s] and the count only grows on a restart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 120_000 }), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 50 }), (exitCode, ranForMs, backoffMs, restartCount) => {
        const d = decideRestart(always, { exitCode, manuallyStopped: false, ranForMs, memory: { restartCount, backoffMs } });
        expect(d.delayMs).toBeGreaterThanOrEqual(BACKOFF_INITIAL_MS);
        expect(d.delayMs).toBeLessThanOrEqual(BACKOFF_MAX_MS);
        expect(d.memory.restartCount).toBe(restartCount + 1);
      }),
    );
  });
});

describe('restartsOnDaemonStart', () => {
  it('always and unless-stopped unless stopped by hand; on-failure after a failure', () => {
    expect(restartsOnDaemonStart(parseRestartPolicy({ Name: 'always' }), { manuallyStopped: false, exitCode: 0 })).toBe(true);
    expect(restartsOnDaemonStart(parseRestartPolicy({ Name: 'unless-stopped' }), { manuallyStopped: true, exitCode: 1 })).toBe(false);
    expect(restartsOnDaemonStart(parseRestartPolicy({ Name: 'on-failure' }), { manuallyStopped: false, exitCode: 0 })).toBe(false);
    expect(restartsOnDaemonStart(parseRestartPolicy({ Name: 'on-failure' }), { manuallyStopped: false, exitCode: 2 })).toBe(true);
  });
});
