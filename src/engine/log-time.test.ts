import { describe, expect, it } from 'vitest';
import { prefixName } from './log-mux.ts';
import { LogResumePoint, nanosToSeconds, timeNanos } from './log-time.ts';

describe('log line times', () => {
  it('orders Docker timestamps exactly, whatever number of fraction digits they carry', () => {
    const a = timeNanos('2026-01-01T00:00:00.5Z');
    const b = timeNanos('2026-01-01T00:00:00.500000001Z');
    expect(a).toBe(1767225600500000000n);
    expect(b !== undefined && a !== undefined && b > a).toBe(true);
    expect(timeNanos('2026-01-01T01:00:00+01:00')).toBe(1767225600000000000n);
    expect(timeNanos('yesterday')).toBeUndefined();
  });

  it('gives the engine a since with the nanoseconds kept', () => {
    expect(nanosToSeconds(1767225600500000001n)).toBeCloseTo(1767225600.500000001, 6);
  });
});

describe('LogResumePoint', () => {
  const t = (n: number) => 1767225600000000000n + BigInt(n);

  it('delivers every line of a stream, the many that share one timestamp included', () => {
    const point = new LogResumePoint();
    const isNew = point.begin();
    expect([t(1), t(1), t(1), t(2), t(2), undefined].map(isNew)).toEqual([true, true, true, true, true, true]);
  });

  it('after a re-attach, skips exactly the lines delivered before, even within one timestamp', () => {
    const point = new LogResumePoint();
    const first = point.begin();
    for (const at of [t(1), t(2), t(2)]) first(at);
    // The engine sends from `since` on: the two lines at t(2) already shown, a third at t(2) that was not, then t(3).
    const again = point.begin();
    expect([t(2), t(2), t(2), t(3)].map(again)).toEqual([false, false, true, true]);
    expect([t(1)].map(point.begin())).toEqual([false]);
  });

  it('asks for a since a microsecond before the last line, none before the first', () => {
    const point = new LogResumePoint();
    expect(point.since).toBeUndefined();
    point.begin()(1767225600500000000n);
    expect(point.since).toBeCloseTo(1767225600.499999, 6);
  });
});

describe('prefixName', () => {
  it('shows a replica as service-number, and any other name as it is', () => {
    expect(prefixName('app', { name: 'app-web-2', service: 'web', number: 2 })).toBe('web-2');
    expect(prefixName('app', { name: 'front', service: 'web', number: 1 })).toBe('front');
  });
});
