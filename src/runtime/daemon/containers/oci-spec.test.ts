import { describe, expect, it } from 'vitest';
import { mergeContainerConfig } from './container-config.ts';
import type { ContainerCreateBody, ImageConfig } from './docker-types.ts';
import type { MountPoint } from './mount-plan.ts';
import { buildOciSpec, serializeOciSpec, type HostFacts, type SpecInput } from './oci-spec.ts';
import { DEFAULT_CAPABILITIES, ALL_CAPABILITIES } from './capabilities.ts';
import { RLIM_INFINITY } from './rlimits.ts';

const facts: HostFacts = {
  capabilities: ALL_CAPABILITIES.filter((c) => c !== 'CAP_SYS_RESOURCE'),
  rlimits: new Map([['RLIMIT_NOFILE', { soft: 20000, hard: 20000 }], ['RLIMIT_CORE', { soft: 0, hard: RLIM_INFINITY }]]),
  swapAccounting: true,
  arch: 'amd64',
  kernel: '6.1.0',
  initBinary: '/usr/bin/tini-static',
};

const image: ImageConfig = { Env: ['PATH=/img/bin', 'IMG=1'], Cmd: ['serve'], Entrypoint: ['/entry'], WorkingDir: '/app', User: 'app', StopSignal: 'SIGQUIT' };

function input(body: ContainerCreateBody = {}, overrides: Partial<SpecInput> = {}): SpecInput {
  const config = mergeContainerConfig(body, image, 'abcdefabcdef');
  return {
    id: 'f'.repeat(64),
    instanceId: '1a2b',
    config,
    hostConfig: body.HostConfig ?? {},
    rootfs: '/state/containers/x/rootfs',
    user: { uid: 1000, gid: 1000, additionalGids: [50], home: '/home/app' },
    hostname: config.Hostname,
    cwd: config.WorkingDir || '/',
    stopSignal: 'SIGQUIT',
    network: { kind: 'path', path: '/run/netns/stk1a2b-ffffffffffff' },
    pid: { kind: 'new' },
    ipc: { kind: 'new' },
    shm: { kind: 'private' },
    etcHosts: '/state/x/hosts',
    resolvConf: '/state/x/resolv.conf',
    etcHostname: '/state/x/hostname',
    userMounts: [],
    host: facts,
    ...overrides,
  };
}

describe('buildOciSpec: process', () => {
  it('runs the image entrypoint and cmd as the resolved user, in the working directory', () => {
    const spec = buildOciSpec(input());
    expect(spec.process.args).toEqual(['/entry', 'serve']);
    expect(spec.process.user).toEqual({ uid: 1000, gid: 1000, additionalGids: [50] });
    expect(spec.process.cwd).toBe('/app');
    expect(spec.process.terminal).toBe(false);
  });

  it('env: defaults, then the container env (request before image), HOME from passwd, TERM only with a TTY', () => {
    expect(buildOciSpec(input({ Env: ['IMG=2', 'REQ=x'] })).process.env).toEqual(['PATH=/img/bin', 'HOSTNAME=abcdefabcdef', 'IMG=2', 'REQ=x', 'HOME=/home/app']);
    expect(buildOciSpec(input({ Tty: true })).process.env).toContain('TERM=xterm');
    expect(buildOciSpec(input()).process.env.some((e) => e.startsWith('TERM='))).toBe(false);
  });

  it('init: true prepends tini and bind-mounts it read-only', () => {
    const spec = buildOciSpec(input({ HostConfig: { Init: true } }));
    expect(spec.process.args).toEqual(['/sbin/docker-init', '--', '/entry', 'serve']);
    expect(spec.mounts).toContainEqual({ destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/tini-static', options: ['rbind', 'ro', 'rprivate'] });
    expect(() => buildOciSpec(input({ HostConfig: { Init: true } }, { host: { ...facts, initBinary: undefined } }))).toThrow(expect.objectContaining({ code: 'STK5220' }));
  });

  it('capabilities: Docker\'s 14 in bounding, effective and permitted; inheritable and ambient always empty', () => {
    const caps = buildOciSpec(input()).process.capabilities;
    expect([...caps.bounding].sort()).toEqual([...DEFAULT_CAPABILITIES].sort());
    expect(caps.effective).toEqual(caps.bounding);
    expect(caps.permitted).toEqual(caps.bounding);
    expect(caps.inheritable).toEqual([]);
    expect(caps.ambient).toEqual([]);
    expect(buildOciSpec(input({ HostConfig: { CapAdd: ['ALL'] } })).process.capabilities.bounding).not.toContain('CAP_SYS_RESOURCE');
  });

  it('rlimits are omitted by default and never above our hard limits', () => {
    expect(buildOciSpec(input()).process.rlimits).toBeUndefined();
    expect(buildOciSpec(input({ HostConfig: { Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 1_000_000 }, { Name: 'core', Soft: -1, Hard: -1 }] } })).process.rlimits).toEqual([
      { type: 'RLIMIT_NOFILE', soft: 1024, hard: 20000 },
      { type: 'RLIMIT_CORE', soft: RLIM_INFINITY, hard: RLIM_INFINITY },
    ]);
  });

  it('no-new-privileges, oom score and the console size follow the request', () => {
    const spec = buildOciSpec(input({ Tty: true, HostConfig: { SecurityOpt: ['no-new-privileges:true'], OomScoreAdj: 500, ConsoleSize: [40, 120] } }));
    expect(spec.process.noNewPrivileges).toBe(true);
    expect(spec.process.oomScoreAdj).toBe(500);
    expect(spec.process.consoleSize).toEqual({ height: 40, width: 120 });
    expect(buildOciSpec(input()).process.noNewPrivileges).toBe(false);
    expect(() => buildOciSpec(input({ HostConfig: { OomScoreAdj: 2000 } }))).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });

  it('a container with no command at all is refused', () => {
    const config = mergeContainerConfig({ Entrypoint: [] }, {}, 'x');
    expect(() => buildOciSpec({ ...input(), config })).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
});

describe('buildOciSpec: root, hostname, annotations', () => {
  it('root is the overlay; read-only on request', () => {
    expect(buildOciSpec(input()).root).toEqual({ path: '/state/containers/x/rootfs', readonly: false });
    expect(buildOciSpec(input({ HostConfig: { ReadonlyRootfs: true } })).root.readonly).toBe(true);
  });

  it('hostname (and domainname) with a UTS namespace; none with UTSMode host', () => {
    const spec = buildOciSpec(input({ Hostname: 'web', Domainname: 'example.org' }, { hostname: 'web' }));
    expect(spec.hostname).toBe('web');
    expect(spec.domainname).toBe('example.org');
    const host = buildOciSpec(input({ HostConfig: { UTSMode: 'host' } }));
    expect(host.hostname).toBeUndefined();
    expect(host.linux.namespaces.map((n) => n.type)).not.toContain('uts');
  });

  it('the stop signal goes into the annotations', () => {
    expect(buildOciSpec(input()).annotations).toEqual({ 'org.opencontainers.image.stopSignal': 'SIGQUIT' });
  });
});

describe('buildOciSpec: mounts', () => {
  const volume = (destination: string, path: string): SpecInput['userMounts'][number] => ({
    point: { type: 'volume', destination, source: 'v', readonly: false, propagation: '', mode: '', noCopy: false, createHostPath: false, nonRecursive: false, anonymous: false, tmpfsOptions: [] } satisfies MountPoint,
    host: { kind: 'path', path },
  });

  it('kernel filesystems first, then the /etc files, then user mounts parent-first', () => {
    const spec = buildOciSpec(input({}, { userMounts: [volume('/data/cache', '/v2'), volume('/data', '/v1')] }));
    expect(spec.mounts.map((m) => m.destination)).toEqual([
      '/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm', '/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/data', '/data/cache',
    ]);
    expect(spec.mounts.find((m) => m.destination === '/sys')?.options).toContain('ro');
    expect(spec.mounts.find((m) => m.destination === '/sys/fs/cgroup')?.options).toContain('ro');
    expect(spec.mounts.find((m) => m.destination === '/data')).toEqual({ destination: '/data', type: 'bind', source: '/v1', options: ['rbind', 'rprivate'] });
  });

  it('/dev/shm takes ShmSize (64 MiB by default)', () => {
    expect(buildOciSpec(input()).mounts.find((m) => m.destination === '/dev/shm')?.options).toContain('size=67108864');
    expect(buildOciSpec(input({ HostConfig: { ShmSize: 1024 } })).mounts.find((m) => m.destination === '/dev/shm')?.options).toContain('size=1024');
    expect(buildOciSpec(input({}, { shm: { kind: 'none' } })).mounts.some((m) => m.destination === '/dev/shm')).toBe(false);
  });

  it('the /etc files are read-only when the root filesystem is', () => {
    expect(buildOciSpec(input({ HostConfig: { ReadonlyRootfs: true } })).mounts.find((m) => m.destination === '/etc/hosts')?.options).toEqual(['rbind', 'rprivate', 'ro']);
  });

  it('a shared bind mount makes the root propagation rshared', () => {
    const m = volume('/x', '/h');
    expect(buildOciSpec(input({}, { userMounts: [{ ...m, point: { ...m.point, type: 'bind', propagation: 'rshared' } }] })).linux.rootfsPropagation).toBe('rshared');
    expect(buildOciSpec(input()).linux.rootfsPropagation).toBeUndefined();
  });
});

describe('buildOciSpec: linux', () => {
  it('namespaces: pid, network by path, ipc, uts, mount; the host\'s when asked; a new netns for none', () => {
    expect(buildOciSpec(input()).linux.namespaces).toEqual([{ type: 'pid' }, { type: 'network', path: '/run/netns/stk1a2b-ffffffffffff' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }]);
    expect(buildOciSpec(input({}, { network: { kind: 'host' }, pid: { kind: 'host' } })).linux.namespaces.map((n) => n.type)).toEqual(['ipc', 'uts', 'mount']);
    expect(buildOciSpec(input({}, { network: { kind: 'new' } })).linux.namespaces).toContainEqual({ type: 'network' });
  });

  it('the cgroup is /stack-<instance>/<id>, with the limits of the request', () => {
    const spec = buildOciSpec(input({ HostConfig: { Memory: 64 * 1024 * 1024, MemoryReservation: 32 * 1024 * 1024, NanoCpus: 1_500_000_000, CpuShares: 512, CpusetCpus: '0', PidsLimit: 100 } }));
    expect(spec.linux.cgroupsPath).toBe(`/stack-1a2b/${'f'.repeat(64)}`);
    expect(spec.linux.resources.memory).toEqual({ limit: 67108864, reservation: 33554432, swap: 134217728 });
    expect(spec.linux.resources.cpu).toEqual({ shares: 512, period: 100000, quota: 150000, cpus: '0' });
    expect(spec.linux.resources.pids).toEqual({ limit: 100 });
  });

  it('devices: deny all, then Docker\'s allowlist; privileged allows all and gets the host\'s devices', () => {
    const devices = buildOciSpec(input()).linux.resources.devices;
    expect(devices[0]).toEqual({ allow: false, access: 'rwm' });
    expect(devices).toContainEqual({ allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' });
    expect(devices.at(-1)).toEqual({ allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' });
    const hostDevice = { path: '/dev/kvm', type: 'c' as const, major: 10, minor: 232 };
    const privileged = buildOciSpec(input({ HostConfig: { Privileged: true } }, { host: { ...facts, devices: [hostDevice] } }));
    expect(privileged.linux.resources.devices).toEqual([{ allow: true, access: 'rwm' }]);
    expect(privileged.linux.devices).toEqual([hostDevice]);
  });

  it('masked and read-only paths, unless privileged or systempaths=unconfined', () => {
    const spec = buildOciSpec(input());
    expect(spec.linux.maskedPaths).toContain('/proc/kcore');
    expect(spec.linux.readonlyPaths).toContain('/proc/sys');
    expect(buildOciSpec(input({ HostConfig: { Privileged: true } })).linux.maskedPaths).toEqual([]);
    expect(buildOciSpec(input({ HostConfig: { SecurityOpt: ['systempaths=unconfined'] } })).linux.readonlyPaths).toEqual([]);
  });

  it('sysctls: Docker\'s defaults with a private netns, plus the request; none of the defaults with the host netns', () => {
    expect(buildOciSpec(input({ HostConfig: { Sysctls: { 'net.core.somaxconn': '1024' } } })).linux.sysctl).toEqual({
      'net.ipv4.ip_unprivileged_port_start': '0',
      'net.ipv4.ping_group_range': '0 2147483647',
      'net.core.somaxconn': '1024',
    });
    expect(buildOciSpec(input({}, { network: { kind: 'host' } })).linux.sysctl).toEqual({});
  });

  it('seccomp: our default filter; none when privileged or unconfined; a Docker-format profile converted', () => {
    expect(buildOciSpec(input()).linux.seccomp?.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(buildOciSpec(input({ HostConfig: { Privileged: true } })).linux.seccomp).toBeUndefined();
    expect(buildOciSpec(input({ HostConfig: { SecurityOpt: ['seccomp=unconfined'] } })).linux.seccomp).toBeUndefined();
    const profile = JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mount'], action: 'SCMP_ACT_ERRNO' }] });
    expect(buildOciSpec(input({ HostConfig: { SecurityOpt: [`seccomp=${profile}`] } })).linux.seccomp).toMatchObject({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mount'], action: 'SCMP_ACT_ERRNO' }] });
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(serializeOciSpec(buildOciSpec(input()))).toBe(serializeOciSpec(buildOciSpec(input())));
  });
});

describe('serializeOciSpec', () => {
  it('writes RLIM_INFINITY as the uint64 maximum runc expects', () => {
    const text = serializeOciSpec(buildOciSpec(input({ HostConfig: { Ulimits: [{ Name: 'core', Soft: -1, Hard: -1 }] } })));
    expect(text).toContain('"soft": 18446744073709551615');
    expect(text).toContain('"hard": 18446744073709551615');
    expect(text).not.toContain('__stack');
  });
});
