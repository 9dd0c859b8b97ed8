import { describe, expect, it } from 'vitest';
import { prefixName } from './log-mux.ts';
import { nanosToSeconds, timeNanos } from './log-time.ts';

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

describe('prefixName', () => {
  it('shows a replica as service-number, and any other name as it is', () => {
    expect(prefixName('app', { name: 'app-web-2', service: 'web', number: 2 })).toBe('web-2');
    expect(prefixName('app', { name: 'front', service: 'web', number: 1 })).toBe('front');
  });
});
