import { describe, expect, it } from 'vitest';
import { checkContainerPath, parseBind, parseMountSpec, planMounts } from './mount-plan.ts';

describe('parseBind (the -v syntax)', () => {
  it('an absolute source is a bind mount, rprivate, created when missing', () => {
    expect(parseBind('/host/dir:/data:ro')).toMatchObject({ type: 'bind', source: '/host/dir', destination: '/data', readonly: true, propagation: 'rprivate', createHostPath: true, mode: 'ro' });
    expect(parseBind('/h:/d:rshared').propagation).toBe('rshared');
  });

  it('a name is a volume; a bare path an anonymous volume', () => {
    expect(parseBind('data:/var/lib/data:nocopy')).toMatchObject({ type: 'volume', source: 'data', destination: '/var/lib/data', noCopy: true, anonymous: false });
    expect(parseBind('/cache')).toMatchObject({ type: 'volume', source: '', destination: '/cache', anonymous: true });
  });

  it('cleans destinations', () => {
    expect(parseBind('/h:/a/b/../c/').destination).toBe('/a/c');
  });

  it('refuses what Docker refuses', () => {
    for (const bad of ['/h:relative', '/h:/d:bogus', '/h::/d', 'a:b:c:d', '/h:/d:nocopy', 'vol:/d:rshared']) {
      expect(() => parseBind(bad), bad).toThrow(expect.objectContaining({ errorClass: 'InvalidArgument' }));
    }
  });
});

describe('parseMountSpec (the long syntax)', () => {
  it('bind, volume and tmpfs', () => {
    expect(parseMountSpec({ Type: 'bind', Source: '/h', Target: '/t', ReadOnly: true })).toMatchObject({ type: 'bind', createHostPath: false, readonly: true });
    expect(parseMountSpec({ Type: 'volume', Source: 'v', Target: '/t', VolumeOptions: { NoCopy: true, Labels: { a: 'b' } } })).toMatchObject({ type: 'volume', source: 'v', noCopy: true, volumeLabels: { a: 'b' } });
    expect(parseMountSpec({ Type: 'volume', Target: '/t' })).toMatchObject({ anonymous: true });
    expect(parseMountSpec({ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1024, Mode: 0o1777 } }).tmpfsOptions).toEqual(['size=1024', 'mode=1777']);
  });

  it('refuses a relative bind source, a tmpfs source, another driver, an unknown type', () => {
    expect(() => parseMountSpec({ Type: 'bind', Source: 'rel', Target: '/t' })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => parseMountSpec({ Type: 'tmpfs', Source: 'x', Target: '/t' })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => parseMountSpec({ Type: 'volume', Target: '/t', VolumeOptions: { DriverConfig: { Name: 'nfs' } } })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => parseMountSpec({ Type: 'npipe', Target: '/t' })).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
});

describe('planMounts', () => {
  it('explicit mounts take their destinations; anonymous volumes fill the rest', () => {
    const mounts = planMounts({ Volumes: { '/cache': {}, '/data': {} }, HostConfig: { Binds: ['/h:/data'], Tmpfs: { '/run': 'size=1m' } } }, { Volumes: { '/logs': {} } });
    expect(mounts.map((m) => `${m.type}:${m.destination}`)).toEqual(['bind:/data', 'tmpfs:/run', 'volume:/logs', 'volume:/cache']);
  });

  it('the same destination twice is an error', () => {
    expect(() => planMounts({ HostConfig: { Binds: ['/a:/d'], Mounts: [{ Type: 'tmpfs', Target: '/d' }] } }, {})).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
});

describe('checkContainerPath', () => {
  it('refuses /proc/<pid>/fd paths (CVE-2024-21626) and relative paths', () => {
    for (const bad of ['/proc/self/fd/7', '/proc/1/fd', '/proc/thread-self/fd/3/x', '/./proc/self/fd/9', 'relative']) {
      expect(() => checkContainerPath('cwd', bad), bad).toThrow(expect.objectContaining({ code: 'STK5213' }));
    }
    expect(checkContainerPath('cwd', '/proc/self/fdinfo')).toBe('/proc/self/fdinfo');
    expect(checkContainerPath('cwd', '/srv//app/')).toBe('/srv/app');
  });
});
