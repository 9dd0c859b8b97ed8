// stackd against its floor and against Docker, side by side (the figures of issue #4):
//   raw `runc run` of a busybox bundle        the floor
//   raw `runc run` of the bundle stackd writes (Docker's seccomp profile, masked paths...): runc's share
//   create+start through stackd's API         (no client, keep-alive HTTP; network none and the default bridge)
//   docker run --rm on dockerd, docker -H stackd run --rm, stack run --rm on stackd
//   stack up -d / down of 10 and 50 services on stackd, next to stack and docker-compose v1 on dockerd,
//   and next to their floor: the same kernel and runc work by hand, all at once (bench/runtime-floor.ts)
//   stackd's resident memory, idle, with 50 containers
// Prints medians; asserts nothing. Run as root: node bench/runtime.mjs   (RUNS=n, SKIP_DOCKERD=1)
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { makeBusyboxRootfs } from '../test/helpers/busybox.ts';
import { busyboxImage, ensureBusyboxImage } from '../test/helpers/docker-images.ts';
import { ensureDockerd, missingDockerd, type DockerdHandle } from '../test/helpers/dockerd.ts';
import { repoRoot } from '../test/helpers/requirements.ts';
import { startStackd, type StackdHandle } from '../test/helpers/stackd.ts';
import { handFloor } from './runtime-floor.ts';

const RUNS = Number(process.env.RUNS ?? 15);
const UP_RUNS = Number(process.env.UP_RUNS ?? 3);
const work = mkdtempSync('/tmp/stk-bench-rt-');
// Piped into `head`, the reader may go away early: keep going, so the cleanup at the end still runs.
process.stdout.on('error', () => undefined);
const stackBin = join(process.env.STACK_REPO ?? repoRoot, 'bin', 'stack');

function median(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
function row(label: string, samples: readonly number[], unit: 'ms' | 's' = 'ms'): void {
  const m = median(samples);
  const shown = unit === 's' ? `${(m / 1000).toFixed(2)} s` : `${m.toFixed(1)} ms`;
  console.log(`  ${label.padEnd(58)} ${shown.padStart(10)}   (n=${samples.length})`);
}
async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
function run(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}, cwd = work): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: work, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) || 1 : 0, stdout, stderr });
    });
  });
}
async function must(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}, cwd = work): Promise<void> {
  const result = await run(command, args, env, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

/** One API call over a keep-alive agent (what a client library does). */
function call(agent: Agent, socketPath: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request({ agent, socketPath, method, path, headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The floor: `runc run` (create, start, wait, delete in one process) of a `runc spec` bundle over a busybox rootfs. */
function rawRunc(): number[] {
  const bundle = join(work, 'bundle');
  mkdirSync(bundle, { recursive: true });
  makeBusyboxRootfs(join(bundle, 'rootfs'));
  spawnSync('runc', ['spec'], { cwd: bundle });
  const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as { process: { terminal: boolean; args: string[] } };
  spec.process.terminal = false;
  spec.process.args = ['/bin/true'];
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    spawnSync('runc', ['--root', join(work, 'runc'), 'run', '--bundle', bundle, `floor-${process.pid}-${i}`], { stdio: 'ignore' });
    samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * `runc run` of the bundle stackd itself writes for `/bin/true` with network
 * none (Docker's seccomp profile, capabilities, masked paths, its mounts),
 * over the floor's rootfs, with no cgroup of stackd's: what runc alone costs
 * for the container stackd makes, apart from stackd, conmon and the API.
 */
async function sameBundleRunc(stackd: StackdHandle): Promise<number[]> {
  const agent = new Agent({ keepAlive: true });
  const created = await call(agent, stackd.socketPath, 'POST', '/v1.41/containers/create', { Image: busyboxImage, Cmd: ['sleep', '60'], HostConfig: { NetworkMode: 'none' } });
  const id = (created.json as { Id: string }).Id;
  let spec: { root: { path: string; readonly?: boolean }; process: { args: string[]; terminal: boolean }; mounts: { destination: string; source: string }[]; linux: { cgroupsPath?: string } };
  try {
    await call(agent, stackd.socketPath, 'POST', `/v1.41/containers/${id}/start`);
    spec = JSON.parse(readFileSync(join(stackd.root, 'containers', id, 'config.json'), 'utf8')) as typeof spec;
  } finally {
    await call(agent, stackd.socketPath, 'DELETE', `/v1.41/containers/${id}?force=1`);
    agent.destroy();
  }
  const bundle = join(work, 'same-bundle');
  mkdirSync(bundle, { recursive: true });
  const etcFile = join(bundle, 'etc-file');
  writeFileSync(etcFile, '127.0.0.1 localhost\n');
  spec.root = { path: join(work, 'bundle', 'rootfs'), readonly: false };
  spec.process.args = ['/bin/true'];
  spec.process.terminal = false;
  spec.mounts = spec.mounts.map((m) => (m.destination.startsWith('/etc/') ? { ...m, source: etcFile } : m));
  delete spec.linux.cgroupsPath;
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = spawnSync('runc', ['--root', join(work, 'runc'), 'run', '--bundle', bundle, `same-${process.pid}-${i}`], { stdio: 'ignore' });
    samples.push(performance.now() - t0);
    if (result.status !== 0) throw new Error(`runc run of stackd's bundle failed (${result.status})`);
  }
  return samples;
}

/** Create + start (and apart, the wait and removal) through the API, as a client library would. */
async function apiCreateStart(stackd: StackdHandle, networkMode: string): Promise<{ createStart: number[]; total: number[] }> {
  const agent = new Agent({ keepAlive: true });
  const createStart: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const created = await call(agent, stackd.socketPath, 'POST', '/v1.41/containers/create', { Image: busyboxImage, Cmd: ['true'], HostConfig: { NetworkMode: networkMode } });
    const id = (created.json as { Id: string }).Id;
    await call(agent, stackd.socketPath, 'POST', `/v1.41/containers/${id}/start`);
    createStart.push(performance.now() - t0);
    await call(agent, stackd.socketPath, 'POST', `/v1.41/containers/${id}/wait`);
    await call(agent, stackd.socketPath, 'DELETE', `/v1.41/containers/${id}?force=1`);
    total.push(performance.now() - t0);
  }
  agent.destroy();
  return { createStart, total };
}

async function dockerRunRm(dockerHost: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await time(() => must('docker', ['-H', dockerHost, 'run', '--rm', busyboxImage, 'true'])));
  return samples;
}

function composeFile(services: number): string {
  const lines = ['services:'];
  for (let i = 1; i <= services; i++) lines.push(`  s${i}:`, `    image: ${busyboxImage}`, '    init: true', '    command: ["sleep", "1000000"]');
  lines.push('  oneoff:', `    image: ${busyboxImage}`, '    profiles: ["tools"]', '    command: ["true"]');
  return `${lines.join('\n')}\n`;
}

interface UpTarget {
  readonly label: string;
  up(dir: string, project: string): Promise<void>;
  down(dir: string, project: string): Promise<void>;
}

async function upDown(target: UpTarget, services: number, cpu?: () => number): Promise<{ up: number[]; down: number[]; upCpu: number[] }> {
  const dir = join(work, `stack-${services}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compose.yaml'), composeFile(services));
  writeFileSync(join(dir, 'docker-compose.yml'), composeFile(services));
  const up: number[] = [];
  const down: number[] = [];
  const upCpu: number[] = [];
  for (let i = 0; i < UP_RUNS; i++) {
    const project = `bench${services}x${i}p${process.pid}`;
    const before = cpu?.() ?? 0;
    up.push(await time(() => target.up(dir, project)));
    if (cpu) upCpu.push(cpu() - before);
    down.push(await time(() => target.down(dir, project)));
  }
  return { up, down, upCpu };
}

/**
 * CPU time of this process and everything it starts (stackd, its helpers,
 * conmon, runc, the CLI), from a cpuacct cgroup of our own, plus the
 * containers' cgroups: a figure that a loaded machine does not distort the
 * way it distorts wall time. Undefined where cgroup v1 cpuacct is missing.
 */
const CPU_GROUP = `/sys/fs/cgroup/cpuacct/stack-bench-${process.pid}`;
function joinCpuGroup(): boolean {
  try {
    mkdirSync(CPU_GROUP, { recursive: true });
    writeFileSync(join(CPU_GROUP, 'cgroup.procs'), String(process.pid));
    return true;
  } catch {
    return false;
  }
}
function cpuMs(instance: string | undefined): number {
  let total = Number(readFileSync(join(CPU_GROUP, 'cpuacct.usage'), 'utf8'));
  try {
    if (instance) total += Number(readFileSync(`/sys/fs/cgroup/cpuacct/stack-${instance}/cpuacct.usage`, 'utf8'));
  } catch {
    // no container cgroup right now
  }
  return total / 1e6;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

let stackd: StackdHandle | undefined;
let dockerd: DockerdHandle | undefined;
try {
  console.log(`stackd bench (${RUNS} runs for single containers, ${UP_RUNS} for up/down)`);
  const floor = rawRunc();
  console.log('single container (busybox /bin/true)');
  row('raw runc run of a busybox bundle (the floor)', floor);

  const accounted = joinCpuGroup();
  stackd = await startStackd();
  const instance = readFileSync(join(stackd.root, 'instance'), 'utf8').trim();
  await ensureBusyboxImage(stackd.socketPath);
  row("raw runc run of stackd's own bundle (seccomp, masks...)", await sameBundleRunc(stackd));
  const none = await apiCreateStart(stackd, 'none');
  const bridge = await apiCreateStart(stackd, 'bridge');
  row('stackd API create+start, network none', none.createStart);
  row('stackd API create+start, default bridge (netns + veth)', bridge.createStart);
  row('stackd API create+start+wait+remove, default bridge', bridge.total);
  row('docker -H stackd run --rm', await dockerRunRm(stackd.dockerHost));

  const stackEnv = { STACK_ROOT: stackd.root, STACK_RUNTIME: 'bundled' };
  const oneDir = join(work, 'run-one');
  mkdirSync(oneDir, { recursive: true });
  writeFileSync(join(oneDir, 'compose.yaml'), `services:\n  one:\n    image: ${busyboxImage}\n    command: ["true"]\n    network_mode: none\n`);
  const stackRun: number[] = [];
  for (let i = 0; i < RUNS; i++) stackRun.push(await time(() => must('node', [stackBin, '-p', `benchrun${process.pid}`, 'run', '--rm', '-T', 'one'], stackEnv, oneDir)));
  row('stack run --rm (stackd, one-off of a service, network none)', stackRun);

  const dockerdMissing = process.env.SKIP_DOCKERD ? 'SKIP_DOCKERD set' : missingDockerd();
  if (!dockerdMissing) {
    dockerd = await ensureDockerd();
    await ensureBusyboxImage(dockerd.socketPath ?? '/var/run/docker.sock');
    row('docker run --rm on dockerd', await dockerRunRm(dockerd.dockerHost));
  } else console.log(`  (dockerd figures skipped: ${dockerdMissing})`);

  const onStackd: UpTarget = {
    label: 'stack up -d on stackd',
    up: (dir, project) => must('node', [stackBin, '-p', project, '--progress', 'quiet', 'up', '-d'], stackEnv, dir),
    down: (dir, project) => must('node', [stackBin, '-p', project, '--progress', 'quiet', 'down'], stackEnv, dir),
  };
  const targets: UpTarget[] = [onStackd];
  if (dockerd) {
    const dockerEnv = { DOCKER_HOST: dockerd.dockerHost, STACK_RUNTIME: 'docker' };
    targets.push(
      {
        label: 'stack up -d on dockerd',
        up: (dir, project) => must('node', [stackBin, '-p', project, '--progress', 'quiet', 'up', '-d'], dockerEnv, dir),
        down: (dir, project) => must('node', [stackBin, '-p', project, '--progress', 'quiet', 'down'], dockerEnv, dir),
      },
      {
        label: 'docker-compose v1 up -d on dockerd',
        up: (dir, project) => must('docker-compose', ['-p', project, 'up', '-d'], { DOCKER_HOST: dockerd!.dockerHost }, dir),
        down: (dir, project) => must('docker-compose', ['-p', project, 'down'], { DOCKER_HOST: dockerd!.dockerHost }, dir),
      },
    );
  }
  for (const services of [10, 50]) {
    console.log(`${services} services (init + sleep), cold up -d then down`);
    const byHand = { up: [] as number[], down: [] as number[] };
    for (let i = 0; i < UP_RUNS; i++) {
      const { up, down } = await handFloor(work, join(work, 'bundle'), join(work, 'bundle', 'rootfs'), services);
      byHand.up.push(up);
      byHand.down.push(down);
    }
    row('by hand, no daemon: overlay, netns+veth, runc run -d', byHand.up, 's');
    row('by hand: runc delete -f, umount, netns del', byHand.down, 's');
    for (const target of targets) {
      const cpu = target === onStackd && accounted ? () => cpuMs(instance) : undefined;
      const { up, down, upCpu } = await upDown(target, services, cpu);
      row(target.label, up, 's');
      if (upCpu.length > 0) row(`  CPU time of it all (CLI, stackd, helpers, conmon, runc)`, upCpu, 's');
      row(target.label.replace('up -d', 'down'), down, 's');
    }
  }

  // Memory: 50 containers running, stackd left alone for a few seconds.
  const dir = join(work, 'stack-50');
  const project = `benchrss${process.pid}`;
  await onStackd.up(dir, project);
  console.log('memory (stackd, 50 containers running)');
  console.log(`  ${'resident right after up -d'.padEnd(58)} ${`${rssMb(stackd.pid()).toFixed(1)} MB`.padStart(10)}`);
  // Idle: V8 gives memory back once allocation has stopped for a while (its memory reducer).
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  console.log(`  ${'resident after 20 s idle'.padEnd(58)} ${`${rssMb(stackd.pid()).toFixed(1)} MB`.padStart(10)}`);
  await onStackd.down(dir, project);
} finally {
  const leftovers = (await stackd?.dispose()) ?? [];
  if (leftovers.length > 0) console.log(`cleaned up by force: ${leftovers.join(', ')}`);
  await dockerd?.dispose();
  spawnSync('runc', ['--root', join(work, 'runc'), 'list', '-q'], { encoding: 'utf8' }).stdout?.split('\n').filter(Boolean).forEach((id) => spawnSync('runc', ['--root', join(work, 'runc'), 'delete', '-f', id]));
  rmSync(work, { recursive: true, force: true });
  try {
    writeFileSync('/sys/fs/cgroup/cpuacct/cgroup.procs', String(process.pid));
    rmdirSync(CPU_GROUP);
  } catch {
    // not ours to remove yet (a child still in it), or never made
  }
}
