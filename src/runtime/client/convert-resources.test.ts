import { describe, expect, it } from 'vitest';
import { toContainerStats, toImageDetails, toImageSummary, toNetworkDetails, toPathStat, toRuntimeEvent, toVolumeSummary } from './convert-resources.ts';

describe('toContainerStats', () => {
  it('computes CPU % and memory the way `docker stats` does (cgroup v1)', () => {
    const stats = toContainerStats({
      read: '2024-05-01T10:00:00Z',
      cpu_stats: { cpu_usage: { total_usage: 3_000_000, percpu_usage: [1, 2] }, system_cpu_usage: 20_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000 }, system_cpu_usage: 10_000_000 },
      memory_stats: { usage: 10_000, limit: 100_000, stats: { total_inactive_file: 2_000 } },
      pids_stats: { current: 3 },
      networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 5 }, { op: 'Write', value: 7 }, { op: 'Total', value: 12 }] },
    });
    expect(stats).toEqual({
      read: Date.parse('2024-05-01T10:00:00Z'),
      cpuPercent: 40,
      memoryUsage: 8_000,
      memoryLimit: 100_000,
      memoryPercent: 8,
      pids: 3,
      networkRxBytes: 11,
      networkTxBytes: 22,
      blockReadBytes: 5,
      blockWriteBytes: 7,
    });
  });

  it('reads cgroup v2 inactive_file and gives 0% without a previous sample', () => {
    const stats = toContainerStats({ cpu_stats: { cpu_usage: { total_usage: 5 } }, precpu_stats: {}, memory_stats: { usage: 100, limit: 1000, stats: { inactive_file: 40 } } });
    expect(stats.memoryUsage).toBe(60);
    expect(stats.cpuPercent).toBe(0);
  });
});

describe('toPathStat', () => {
  it('decodes the base64 JSON header and reads the directory bit', () => {
    const header = Buffer.from(JSON.stringify({ name: 'etc', size: 4096, mode: 2147484141, mtime: '2024-05-01T10:00:00Z', linkTarget: '' })).toString('base64');
    expect(toPathStat(header)).toEqual({ name: 'etc', size: 4096, mode: 2147484141, isDirectory: true, mtime: '2024-05-01T10:00:00Z', linkTarget: '' });
    expect(toPathStat(Buffer.from(JSON.stringify({ name: 'f', mode: 420 })).toString('base64'))?.isDirectory).toBe(false);
    expect(toPathStat(undefined)).toBeUndefined();
    expect(toPathStat('%%%not base64 json')).toBeUndefined();
  });
});

describe('toRuntimeEvent', () => {
  it('splits the action detail and keeps nanosecond time as ms', () => {
    expect(
      toRuntimeEvent({ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'abc', Attributes: { name: 'web' } }, scope: 'local', time: 1_700_000_000, timeNano: 1_700_000_000_123_456_789 }),
    ).toEqual({ type: 'container', action: 'health_status', detail: 'healthy', id: 'abc', attributes: { name: 'web' }, scope: 'local', time: 1_700_000_000_123 });
  });

  it('skips event types it does not model', () => {
    expect(toRuntimeEvent({ Type: 'builder', Action: 'prune', Actor: { ID: '' }, time: 1 })).toBeUndefined();
  });
});

describe('networks, volumes, images', () => {
  it('reads a network with its endpoints sorted by container name', () => {
    const n = toNetworkDetails({
      Name: 'app_default',
      Id: 'n1',
      Driver: 'bridge',
      Scope: 'local',
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.210.3.0/24', Gateway: '10.210.3.1' }] },
      Containers: { c2: { Name: 'web', IPv4Address: '10.210.3.3/24', IPv6Address: '' }, c1: { Name: 'db', IPv4Address: '10.210.3.2/24' } },
      Labels: { 'com.docker.compose.network': 'default' },
    });
    expect(n.ipam).toEqual({ driver: 'default', pools: [{ subnet: '10.210.3.0/24', gateway: '10.210.3.1' }] });
    expect(n.containers).toEqual([
      { containerId: 'c1', name: 'db', ipv4Address: '10.210.3.2/24' },
      { containerId: 'c2', name: 'web', ipv4Address: '10.210.3.3/24' },
    ]);
  });

  it('reads a volume', () => {
    expect(toVolumeSummary({ Name: 'v', Driver: 'local', Mountpoint: '/m', CreatedAt: '2024-05-01T10:00:00Z', Labels: null, Scope: 'local', Options: null })).toEqual({
      name: 'v',
      driver: 'local',
      mountpoint: '/m',
      labels: {},
      options: {},
      scope: 'local',
      created: Date.parse('2024-05-01T10:00:00Z'),
    });
  });

  it('drops <none> tags and reads list (seconds) and inspect (RFC 3339) times', () => {
    expect(toImageSummary({ Id: 'sha256:1', RepoTags: ['<none>:<none>'], RepoDigests: null, Created: 10, Size: 5, Labels: null })).toEqual({ id: 'sha256:1', repoTags: [], repoDigests: [], created: 10_000, size: 5, labels: {} });
    const d = toImageDetails({ Id: 'sha256:1', RepoTags: ['a:b'], Created: '2024-05-01T10:00:00Z', Config: { Cmd: ['sh'], ExposedPorts: { '80/tcp': {} }, Labels: { l: 'v' } }, Os: 'linux', Architecture: 'amd64' });
    expect(d).toMatchObject({ created: Date.parse('2024-05-01T10:00:00Z'), labels: { l: 'v' }, config: { cmd: ['sh'], exposedPorts: ['80/tcp'], hasHealthcheck: false } });
  });
});
