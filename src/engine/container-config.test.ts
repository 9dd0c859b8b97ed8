import { describe, expect, it } from 'vitest';
import type { Project } from '../spec/index.ts';
import { loadMemory } from '../spec/testing/load-memory.ts';
import { containerConfig, type ContainerConfigInput } from './container-config.ts';

/** The create body of a container, one Compose field per test: each says what Docker receives. */

function load(text: string, files: Record<string, string> = {}): Project {
  const result = loadMemory({ '/p/compose.yaml': text, ...files });
  if (!result.project) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.project;
}

function config(text: string, overrides: Partial<ContainerConfigInput> = {}, files: Record<string, string> = {}) {
  const project = load(text, files);
  const service = project.services[overrides.service?.name ?? 'web'];
  if (!service) throw new Error('no service web');
  return containerConfig({
    project,
    service,
    identity: { kind: 'replica', number: 1, configHash: 'h'.repeat(64), config: '{}' },
    imageRef: service.image ?? 'p-web',
    imageId: 'sha256:img',
    peers: {},
    version: '1.2.3',
    ...overrides,
  });
}

describe('containerConfig', () => {
  it('labels a replica with every Compose label, the config hash, its snapshot and the image id', () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    labels: { team: a, com.docker.compose.project: spoof }\n    depends_on: { db: { condition: service_healthy, restart: true } }\n  db:\n    image: postgres\n');
    expect(body.Labels).toEqual({
      team: 'a',
      'com.docker.compose.project': 'p',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.project.working_dir': '/p',
      'com.docker.compose.project.config_files': '/p/compose.yaml',
      'com.docker.compose.depends_on': 'db:service_healthy:true',
      'com.docker.compose.config-hash': 'h'.repeat(64),
      'com.docker.compose.image': 'sha256:img',
      'dev.stack.version': '1.2.3',
      'dev.stack.config': '{}',
    });
  });

  it('labels a one-off with its slug and no container number or hash', () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    restart: always\n', { identity: { kind: 'oneoff', slug: 'abc123' } });
    expect(body.Labels?.['com.docker.compose.oneoff']).toBe('True');
    expect(body.Labels?.['com.docker.compose.slug']).toBe('abc123');
    expect(body.Labels?.['com.docker.compose.container-number']).toBeUndefined();
    expect(body.HostConfig?.RestartPolicy).toBeUndefined();
  });

  it('passes the environment sorted, env_file values under `environment`, unset variables left out', () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    env_file: [web.env]\n    environment: { B: two, UNSET: }\n', {}, { '/p/web.env': 'A=one\nB=file\n' });
    expect(body.Env).toEqual(['A=one', 'B=two']);
  });

  it('publishes ports with their host address and exposes every declared port', () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    ports: ["127.0.0.1:8080:80", "9000/udp"]\n    expose: ["3000-3001"]\n');
    expect(body.HostConfig?.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '9000/udp': [{ HostIp: '', HostPort: '' }] });
    expect(body.ExposedPorts).toEqual({ '80/tcp': {}, '9000/udp': {}, '3000/tcp': {}, '3001/tcp': {} });
  });

  it('publishes nothing for a one-off unless --service-ports', () => {
    const text = 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n';
    expect(config(text, { identity: { kind: 'oneoff', slug: 's' } }).body.HostConfig?.PortBindings).toBeUndefined();
    expect(config(text, { identity: { kind: 'oneoff', slug: 's' }, overrides: { publishPorts: true } }).body.HostConfig?.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
  });

  it('mounts named volumes by their runtime name, short-syntax binds as Binds, tmpfs with its options', () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    volumes: ["data:/data:ro", "./conf:/etc/conf:ro", "/anon", { type: tmpfs, target: /cache, tmpfs: { size: 1m } }]\n    tmpfs: ["/run:size=64m"]\nvolumes: { data: {} }\n');
    expect(body.HostConfig?.Binds).toEqual(['/p/conf:/etc/conf:ro']);
    expect(body.HostConfig?.Mounts).toEqual([
      { Type: 'volume', Source: 'p_data', Target: '/data', ReadOnly: true },
      { Type: 'volume', Target: '/anon' },
      { Type: 'tmpfs', Target: '/cache', TmpfsOptions: { SizeBytes: 1048576 } },
    ]);
    expect(body.HostConfig?.Tmpfs).toEqual({ '/run': 'size=64m' });
  });

  it("takes over the replaced container's anonymous volumes, those of the image included", () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    volumes: ["/anon", "data:/data"]\nvolumes: { data: {} }\n', {
      inheritedMounts: [
        { type: 'volume', name: 'a'.repeat(64), source: '/var/lib/x', destination: '/anon', readOnly: false },
        { type: 'volume', name: 'b'.repeat(64), source: '/var/lib/y', destination: '/var/cache/nginx', readOnly: false },
        { type: 'volume', name: 'p_data', source: '/var/lib/z', destination: '/data', readOnly: false },
      ],
    });
    expect(body.HostConfig?.Mounts).toEqual([
      { Type: 'volume', Source: 'a'.repeat(64), Target: '/anon' },
      { Type: 'volume', Source: 'p_data', Target: '/data' },
      { Type: 'volume', Source: 'b'.repeat(64), Target: '/var/cache/nginx' },
    ]);
  });

  it('gives the health check in nanoseconds, and NONE when disabled', () => {
    expect(config('services:\n  web:\n    image: nginx\n    healthcheck: { test: ["CMD", "true"], interval: 1m30s, timeout: 500ms, start_period: 2s, retries: 4 }\n').body.Healthcheck).toEqual({
      Test: ['CMD', 'true'],
      Interval: 90e9,
      Timeout: 500e6,
      StartPeriod: 2e9,
      Retries: 4,
    });
    expect(config('services:\n  web:\n    image: nginx\n    healthcheck: { disable: true }\n').body.Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('takes the restart policy from `restart`, else from deploy.restart_policy', () => {
    expect(config('services:\n  web:\n    image: nginx\n    restart: on-failure:3\n').body.HostConfig?.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(config('services:\n  web:\n    image: nginx\n    deploy: { restart_policy: { condition: any } }\n').body.HostConfig?.RestartPolicy).toEqual({ Name: 'always' });
    expect(config('services:\n  web:\n    image: nginx\n    deploy: { restart_policy: { condition: on-failure, max_attempts: 2 } }\n').body.HostConfig?.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 2 });
  });

  it('sets limits from the service and from deploy.resources, in bytes and nano-CPUs', () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    pids_limit: 50\n    ulimits: { nofile: { soft: 10, hard: 20 }, nproc: 7 }\n    deploy: { resources: { limits: { cpus: "0.5", memory: 64m }, reservations: { memory: 32m } } }\n');
    expect(body.HostConfig).toMatchObject({
      Memory: 67108864,
      MemoryReservation: 33554432,
      NanoCpus: 500000000,
      PidsLimit: 50,
      Ulimits: [
        { Name: 'nofile', Soft: 10, Hard: 20 },
        { Name: 'nproc', Soft: 7, Hard: 7 },
      ],
    });
  });

  it('writes extra_hosts as host:ip, and passes caps, sysctls, dns, init, stop signal and grace', () => {
    const { body } = config(
      'services:\n  web:\n    image: nginx\n    extra_hosts: ["db=10.0.0.2"]\n    cap_add: [NET_ADMIN]\n    cap_drop: [ALL]\n    sysctls: { net.core.somaxconn: "1024" }\n    dns: [1.1.1.1]\n    init: true\n    stop_signal: SIGINT\n    stop_grace_period: 2500ms\n    hostname: h\n    user: "1000"\n    working_dir: /w\n',
    );
    expect(body.HostConfig).toMatchObject({ ExtraHosts: ['db:10.0.0.2'], CapAdd: ['NET_ADMIN'], CapDrop: ['ALL'], Sysctls: { 'net.core.somaxconn': '1024' }, Dns: ['1.1.1.1'], Init: true });
    expect(body).toMatchObject({ StopSignal: 'SIGINT', StopTimeout: 2, Hostname: 'h', User: '1000', WorkingDir: '/w' });
  });

  it('creates on the first network with the service name and aliases, and connects the others after', () => {
    const result = config('services:\n  web:\n    image: nginx\n    networks: { front: { aliases: [www], priority: 10 }, back: {} }\nnetworks: { front: {}, back: {} }\n');
    expect(result.body.HostConfig?.NetworkMode).toBe('p_front');
    expect(result.body.NetworkingConfig).toEqual({ EndpointsConfig: { p_front: { Aliases: ['web', 'www'] } } });
    expect(result.connect).toEqual([{ key: 'back', network: 'p_back', endpoint: { Aliases: ['web'] } }]);
  });

  it('joins the default network when the service names none', () => {
    const result = config('services:\n  web:\n    image: nginx\n');
    expect(result.body.HostConfig?.NetworkMode).toBe('p_default');
    expect(result.connect).toEqual([]);
  });

  it("resolves `service:x` namespaces and volumes_from to x's container", () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    network_mode: service:db\n    ipc: service:db\n    volumes_from: ["db:ro", "container:other"]\n  db:\n    image: postgres\n', { peers: { db: ['p-db-1', 'p-db-2'] } });
    expect(body.HostConfig).toMatchObject({ NetworkMode: 'container:p-db-1', IpcMode: 'container:p-db-1', VolumesFrom: ['p-db-1:ro', 'other'] });
    expect(body.NetworkingConfig).toBeUndefined();
  });

  it('refuses to join a service that has no container (STK4504)', () => {
    expect(() => config('services:\n  web:\n    image: nginx\n    network_mode: service:db\n  db:\n    image: postgres\n')).toThrowError(expect.objectContaining({ code: 'STK4504' }));
  });

  it('bind-mounts file secrets and configs read-only, and copies inline content in', () => {
    const result = config(
      'services:\n  web:\n    image: nginx\n    secrets: [token]\n    configs: [{ source: site, target: /etc/site.conf, mode: 0400 }, app]\nsecrets: { token: { file: ./token.txt } }\nconfigs: { site: { content: "hello" }, app: { file: ./app.conf } }\n',
      {},
      { '/p/token.txt': 's3cret', '/p/app.conf': 'x' },
    );
    expect(result.body.HostConfig?.Binds).toEqual(['/p/token.txt:/run/secrets/token:ro', '/p/app.conf:/app:ro']);
    expect(result.files).toEqual([{ path: '/etc/site.conf', content: 'hello', mode: 0o400, uid: 0, gid: 0 }]);
  });

  it('applies a one-off’s command, entrypoint, environment, user and TTY', () => {
    const { body } = config('services:\n  web:\n    image: nginx\n    command: ["a"]\n    environment: { A: "1" }\n', {
      identity: { kind: 'oneoff', slug: 's' },
      overrides: { command: ['b', 'c'], entrypoint: [], environment: { B: '2' }, user: 'nobody', tty: true, stdin: true, autoRemove: true },
    });
    expect(body).toMatchObject({ Cmd: ['b', 'c'], Entrypoint: [''], Env: ['A=1', 'B=2'], User: 'nobody', Tty: true, OpenStdin: true, StdinOnce: true, AttachStdin: true });
    expect(body.HostConfig?.AutoRemove).toBe(true);
  });
});
