import { describe, expect, it } from 'vitest';
import { doneLabel, formatBytes, formatCount, formatElapsed, formatUptime, nextUptimeChange, workingLabel } from './status-words.ts';

describe('status words and numbers', () => {
  it('uses Compose\'s words', () => {
    expect([workingLabel('recreate'), doneLabel('recreate')]).toEqual(['Recreate', 'Recreated']);
    expect([workingLabel('pull'), doneLabel('pull')]).toEqual(['Pulling', 'Pulled']);
    expect([workingLabel('remove'), doneLabel('remove')]).toEqual(['Removing', 'Removed']);
  });

  it('formats elapsed times and uptimes short', () => {
    expect(formatElapsed(0)).toBe('0.0s');
    expect(formatElapsed(1234)).toBe('1.2s');
    expect(formatElapsed(59_999)).toBe('59.9s');
    expect(formatElapsed(125_000)).toBe('2m05s');
    expect(formatElapsed(3_720_000)).toBe('1h02m');
    expect(formatUptime(42_000)).toBe('42s');
    expect(formatUptime(3_600_000 * 5 + 180_000)).toBe('5h03m');
    expect(formatUptime(86_400_000 * 2 + 3_600_000 * 4)).toBe('2d04h');
  });

  it('formats sizes and counts', () => {
    expect(formatBytes(512)).toBe('512B');
    expect(formatBytes(12_000_000)).toBe('11.4MiB');
    expect(formatCount(3, 7)).toBe('3/7');
    expect(formatCount(1048576, 3358720)).toBe('1.0MiB/3.2MiB');
  });

  it('knows when an uptime will read differently: each second, then each minute, then each hour', () => {
    expect(nextUptimeChange(0, 42_300)).toBe(700);
    expect(nextUptimeChange(0, 3_599_999)).toBe(1);
    expect(nextUptimeChange(0, 3_600_000 + 5_000)).toBe(55_000);
    expect(nextUptimeChange(0, 86_400_000 + 60_000)).toBe(3_540_000);
    expect(formatUptime(3_600_000 + 5_000)).toBe(formatUptime(3_600_000 + 59_999));
  });
});
