import { describe, expect, it } from 'vitest';
import { exitCodeFromStatus, healthFromStatus, toContainerDetails, toContainerSummary } from './convert-container.ts';

/** Shapes as dockerd 20.10 sends them (trimmed). */
const listed = {
  Id: 'c0ffee',
  Names: ['/app-web-1'],
  Image: 'stack-test/busybox',
  ImageID: 'sha256:1888',
  Command: 'httpd -f',
  Created: 1_700_000_000,
  Ports: [
    { PrivatePort: 9000, Type: 'tcp' },
    { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
  ],
  Labels: { 'com.docker.compose.project': 'app' },
  State: 'running',
  Status: 'Up 3 minutes (health: starting)',
  NetworkSettings: {
    Networks: {
      z_net: { NetworkID: 'n2', IPAddress: '10.201.0.3', IPPrefixLen: 24, Gateway: '10.201.0.1', MacAddress: '02:42:0a:c9:00:03', Aliases: null },
      app_default: { NetworkID: 'n1', IPAddress: '', IPPrefixLen: 0, Gateway: '', MacAddress: '', Aliases: ['web'] },
    },
  },
  Mounts: [{ Type: 'volume', Name: 'app_data', Source: '/var/lib/docker/volumes/app_data/_data', Destination: '/data', Driver: 'local', RW: false }],
};

describe('toContainerSummary', () => {
  it('reads a list entry into our shape, with sorted networks and ports', () => {
    const c = toContainerSummary(listed);
    expect(c.name).toBe('app-web-1');
    expect(c.created).toBe(1_700_000_000_000);
    expect(c.health).toBe('starting');
    expect(c.exitCode).toBeUndefined();
    expect(c.ports).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
      { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 },
      { containerPort: 9000, protocol: 'tcp' },
    ]);
    expect(c.networks.map((n) => n.name)).toEqual(['app_default', 'z_net']);
    expect(c.networks[0]).toEqual({ name: 'app_default', networkId: 'n1', aliases: ['web'] });
    expect(c.networks[1]).toMatchObject({ ipAddress: '10.201.0.3', ipPrefixLen: 24, aliases: [] });
    expect(c.mounts).toEqual([{ type: 'volume', name: 'app_data', source: '/var/lib/docker/volumes/app_data/_data', destination: '/data', readOnly: true, driver: 'local' }]);
  });

  it('takes the exit code of an exited container from its status', () => {
    expect(toContainerSummary({ ...listed, State: 'exited', Status: 'Exited (137) 2 seconds ago' }).exitCode).toBe(137);
  });

  it('treats an unknown state as dead rather than inventing one', () => {
    expect(toContainerSummary({ ...listed, State: 'frozen' }).state).toBe('dead');
  });
});

describe('status text', () => {
  it.each([
    ['Up 2 hours (healthy)', 'healthy'],
    ['Up 5 seconds (unhealthy)', 'unhealthy'],
    ['Up 1 second (health: starting)', 'starting'],
    ['Up 1 second', undefined],
  ])('%s → %s', (status, health) => {
    expect(healthFromStatus(status)).toBe(health);
  });

  it('reads negative and zero exit codes', () => {
    expect(exitCodeFromStatus('Exited (0) 1 minute ago')).toBe(0);
    expect(exitCodeFromStatus('Exited (-1) 1 minute ago')).toBe(-1);
    expect(exitCodeFromStatus('Up 1 minute')).toBeUndefined();
  });
});

describe('toContainerDetails', () => {
  const inspected = {
    Id: 'c0ffee',
    Created: '2024-05-01T10:00:00.5Z',
    Name: '/app-web-1',
    Image: 'sha256:1888',
    RestartCount: 2,
    State: {
      Status: 'exited',
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: true,
      Pid: 0,
      ExitCode: 137,
      Error: '',
      StartedAt: '2024-05-01T10:00:01Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ Start: '2024-05-01T10:00:02Z', End: '2024-05-01T10:00:03Z', ExitCode: 1, Output: 'down' }] },
    },
    Config: {
      Image: 'stack-test/busybox',
      Labels: { a: 'b' },
      Cmd: null,
      Entrypoint: ['httpd'],
      Env: ['A=1'],
      Tty: true,
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      StopSignal: 'SIGQUIT',
      Healthcheck: { Test: ['CMD', 'true'] },
    },
    HostConfig: { NetworkMode: 'app_default', RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } },
    NetworkSettings: { Ports: {}, Networks: {} },
    Mounts: [],
  };

  it('reads state, config and restart policy; Go\'s zero time means never', () => {
    const d = toContainerDetails(inspected);
    expect(d).toMatchObject({
      name: 'app-web-1',
      image: 'stack-test/busybox',
      imageId: 'sha256:1888',
      state: 'exited',
      exitCode: 137,
      oomKilled: true,
      health: 'unhealthy',
      failingStreak: 3,
      restartCount: 2,
      created: Date.parse('2024-05-01T10:00:00.5Z'),
      startedAt: Date.parse('2024-05-01T10:00:01Z'),
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      networkMode: 'app_default',
    });
    expect(d.finishedAt).toBeUndefined();
    expect(d.error).toBeUndefined();
    expect(d.config).toMatchObject({ cmd: undefined, entrypoint: ['httpd'], tty: true, stopSignal: 'SIGQUIT', hasHealthcheck: true });
    expect(d.healthLog).toEqual([{ start: Date.parse('2024-05-01T10:00:02Z'), end: Date.parse('2024-05-01T10:00:03Z'), exitCode: 1, output: 'down' }]);
    expect(d.raw).toBe(inspected);
  });

  it('lists exposed ports of a stopped container, and published ones with their host side', () => {
    expect(toContainerDetails(inspected).ports).toEqual([
      { containerPort: 53, protocol: 'udp' },
      { containerPort: 80, protocol: 'tcp' },
    ]);
    const running = { ...inspected, NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '53/udp': null }, Networks: {} } };
    expect(toContainerDetails(running).ports).toEqual([
      { containerPort: 53, protocol: 'udp' },
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
    ]);
  });
});
