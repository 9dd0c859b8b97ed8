import { describe, expect, it } from 'vitest';
import { formatTable, timeAgo } from './format-table.ts';
import { pointInTime } from './run-logs.ts';
import { formatPorts } from './run-ps.ts';
import { reconcileOptions } from './up-options.ts';

describe('up flags to planner options', () => {
  it('maps each flag as docker compose means it', () => {
    expect(reconcileOptions({ build: true, pull: 'always', forceRecreate: true, deps: false, removeOrphans: true, scale: ['web=3', 'db=0'], start: false, renewAnonVolumes: true, timeout: '5' }, ['web'])).toEqual({
      targets: ['web'],
      noDeps: true,
      recreate: 'force',
      recreateDependencies: 'diverged',
      scale: { web: 3, db: 0 },
      removeOrphans: true,
      noStart: true,
      renewAnonVolumes: true,
      timeoutSeconds: 5,
      pull: 'always',
      build: 'always',
    });
    expect(reconcileOptions({ recreate: false, build: false }, [])).toMatchObject({ recreate: 'never', recreateDependencies: 'never', build: 'never' });
    expect(reconcileOptions({ alwaysRecreateDeps: true }, [])).toMatchObject({ recreate: 'diverged', recreateDependencies: 'force' });
  });

  it('refuses what cannot be meant (exit 2 codes)', () => {
    expect(() => reconcileOptions({ forceRecreate: true, recreate: false }, [])).toThrowError(expect.objectContaining({ code: 'STK7007' }));
    expect(() => reconcileOptions({ scale: ['web'] }, [])).toThrowError(expect.objectContaining({ code: 'STK7003' }));
    expect(() => reconcileOptions({ timeout: 'soon' }, [])).toThrowError(expect.objectContaining({ code: 'STK7003' }));
  });
});

describe('listing output', () => {
  it('prints ports as Docker does', () => {
    expect(formatPorts([{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }, { containerPort: 53, protocol: 'udp' }, { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 }])).toBe(
      '127.0.0.1:8080->80/tcp, 53/udp, [::]:8080->80/tcp',
    );
  });

  it('aligns table columns on their widest cell', () => {
    expect(formatTable(['NAME', 'STATE'], [['app-web-1', 'running'], ['x', 'exited']])).toBe('NAME        STATE\napp-web-1   running\nx           exited\n');
  });

  it('words ages as Docker does', () => {
    expect(timeAgo(0, 30_000)).toBe('30 seconds ago');
    expect(timeAgo(0, 90_000)).toBe('About a minute ago');
    expect(timeAgo(0, 3 * 3600_000)).toBe('3 hours ago');
  });

  it('reads --since as a duration before now, a Unix time or a timestamp', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(pointInTime('42m', '--since', now).toISOString()).toBe('2026-01-01T11:18:00.000Z');
    expect(pointInTime('1767225600', '--since', now).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(pointInTime('2026-01-01T10:00:00Z', '--since', now).toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(() => pointInTime('yesterday', '--since', now)).toThrowError(expect.objectContaining({ code: 'STK7003' }));
  });
});
