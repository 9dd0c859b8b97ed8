import { describe, expect, it } from 'vitest';
import { generateContainerName, normalizeContainerName } from './container-names.ts';
import { humanDuration, statusText } from './inspect.ts';
import { initialState } from './container-record.ts';
import { parseNetDev, systemCpuUsage } from './stats.ts';
import { filterPsOutput } from './top.ts';

describe('names, status texts, ps and stats parsing', () => {
  it('container names', () => {
    expect(normalizeContainerName('/web-1')).toBe('web-1');
    expect(() => normalizeContainerName('-bad')).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(generateContainerName(() => false)).toMatch(/^[a-z]+_[a-z]+$/);
  });
  it('Docker\'s status column and durations', () => {
    const now = Date.parse('2026-01-01T01:00:00Z');
    expect(statusText({ ...initialState(), status: 'running', startedAt: '2026-01-01T00:59:57Z', health: { Status: 'healthy', FailingStreak: 0, Log: [] } }, now)).toBe('Up 3 seconds (healthy)');
    expect(statusText({ ...initialState(), status: 'exited', exitCode: 2, finishedAt: '2026-01-01T00:00:00Z' }, now)).toBe('Exited (2) About an hour ago');
    expect(statusText(initialState(), now)).toBe('Created');
    expect(humanDuration(500)).toBe('Less than a second');
    expect(humanDuration(5 * 60_000)).toBe('5 minutes');
    expect(humanDuration(3 * 86_400_000)).toBe('3 days');
  });
  it('ps output filtered to the container\'s pids, the command keeping its spaces', () => {
    const out = 'UID PID PPID C STIME TTY TIME CMD\nroot 10 1 0 10:00 ? 00:00:00 sleep 1000\nroot 11 1 0 10:00 ? 00:00:00 other thing\n';
    expect(filterPsOutput(out, [10])).toEqual({ Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], Processes: [['root', '10', '1', '0', '10:00', '?', '00:00:00', 'sleep 1000']] });
    expect(() => filterPsOutput('A B\n1 2\n', [1])).toThrow(expect.objectContaining({ code: 'STK5222' }));
  });
  it('network and cpu counters', () => {
    const netDev = 'Inter-|   Receive\n face |bytes packets errs drop fifo frame compressed multicast|bytes packets errs drop fifo colls carrier compressed\n    lo: 10 1 0 0 0 0 0 0 10 1 0 0 0 0 0 0\n  eth0: 100 2 0 1 0 0 0 0 200 3 0 0 0 0 0 0\n';
    expect(parseNetDev(netDev)).toEqual({ eth0: { rx_bytes: 100, rx_packets: 2, rx_errors: 0, rx_dropped: 1, tx_bytes: 200, tx_packets: 3, tx_errors: 0, tx_dropped: 0 } });
    expect(systemCpuUsage('cpu  1 2 3 4 5 6 7 8 9\ncpu0 1 1 1 1 1 1 1\n')).toBe(28 * 1e7);
  });
});
