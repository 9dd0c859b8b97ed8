import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerManager, probeOciRuntime, type ContainerCreateBody, type ContainerManagerOptions, type LogEntry, type OciRuntime, type ResolvedImage } from '../../src/runtime/daemon/containers/index.ts';
import { VolumeStore } from '../../src/runtime/daemon/volumes/index.ts';
import { makeBusyboxRootfs } from '../helpers/busybox.ts';
import { missingRequirements } from '../helpers/requirements.ts';
import { uniqueId } from '../helpers/temp.ts';

/** Why the container tests cannot run here, or undefined. */
export const containerTestsMissing = missingRequirements({ root: true, commands: ['runc', 'conmon', 'busybox', 'perl', 'script'] });

/**
 * One test run's runtime: its own state root under /tmp, its own instance id
 * (so its cgroups are `/stack-<inst>/...`), a busybox image unpacked as a
 * single layer, and a ContainerManager over it. cleanup() removes every
 * container, mount, cgroup, conmon and runc state it made, even after a
 * failed test, and reports what it had to clean by force.
 */
export class ContainerFixture {
  readonly root: string;
  readonly instanceId: string;
  readonly image: ResolvedImage;
  readonly volumes: VolumeStore;
  runtime!: OciRuntime;
  manager!: ContainerManager;
  readonly logLines: string[] = [];

  private constructor(root: string) {
    this.root = root;
    this.instanceId = uniqueId(4);
    const layer = join(root, 'layers', '1');
    mkdirSync(layer, { recursive: true });
    makeBusyboxRootfs(layer);
    mkdirSync(join(layer, 'data'), { recursive: true });
    execFileSync('sh', ['-c', `echo from-image > ${join(layer, 'data', 'seed.txt')} && chown 1234:2345 ${join(layer, 'data', 'seed.txt')} && ln -s seed.txt ${join(layer, 'data', 'link')}`]);
    execFileSync('sh', ['-c', `echo 'app:x:1000:1000:app:/home/app:/bin/sh' >> ${join(layer, 'etc/passwd')} && echo 'app:x:1000:' >> ${join(layer, 'etc/group')} && echo 'staff:x:50:app' >> ${join(layer, 'etc/group')}`]);
    this.image = { id: `sha256:${'ab'.repeat(32)}`, config: { config: { Cmd: ['sh'], Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] } }, layerDirs: [layer] };
    this.volumes = new VolumeStore({ dir: join(root, 'volumes') });
  }

  static async create(options: Partial<ContainerManagerOptions> = {}): Promise<ContainerFixture> {
    const fixture = new ContainerFixture(mkdtempSync('/tmp/stkc-'));
    const log = (level: string, message: string, fields?: Readonly<Record<string, unknown>>): void => void fixture.logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const { runtime } = await probeOciRuntime({ root: fixture.root, instanceId: fixture.instanceId, log });
    fixture.runtime = runtime;
    fixture.manager = (await ContainerManager.open({ root: fixture.root, instanceId: fixture.instanceId, runtime, volumes: fixture.volumes, log, exitPollMs: 500, ...options })).manager;
    return fixture;
  }

  /** A fresh manager over the same root, as after a daemon restart (the old one is disposed first, its containers keep running). */
  async reopen(): Promise<Awaited<ReturnType<typeof ContainerManager.open>>['recovered']> {
    await this.manager[Symbol.asyncDispose]();
    const log = (level: string, message: string, fields?: Readonly<Record<string, unknown>>): void => void this.logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const opened = await ContainerManager.open({ root: this.root, instanceId: this.instanceId, runtime: this.runtime, volumes: this.volumes, log, exitPollMs: 500 });
    this.manager = opened.manager;
    return opened.recovered;
  }

  async run(body: ContainerCreateBody, name = `t-${uniqueId(6)}`): Promise<string> {
    const { Id } = await this.manager.create({ name, body, image: this.image });
    await this.manager.start(Id);
    return Id;
  }

  async output(id: string): Promise<string> {
    return collect(this.manager.io.logs(id));
  }

  /** Removes everything this run made; returns the leftovers it found after the normal removal (should be none). */
  async cleanup(): Promise<string[]> {
    const leftovers: string[] = [];
    try {
      for (const c of this.manager.list({ all: true })) await this.manager.remove(c.Id, { force: true, volumes: true }).catch((e: unknown) => leftovers.push(`remove ${c.Id}: ${String(e)}`));
      await this.manager[Symbol.asyncDispose]();
    } finally {
      leftovers.push(...forceClean(this.root, this.instanceId));
      rmSync(this.root, { recursive: true, force: true });
    }
    return leftovers;
  }
}

/** What is still on the host for this root/instance: conmon processes, mounts, cgroups, runc state. Removes it and says what it was. */
export function forceClean(root: string, instanceId: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.startsWith('conmon') || cmdline.startsWith('/usr/bin/conmon')) {
      if (cmdline.includes(root)) {
        found.push(`conmon ${pid}`);
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }
  const runcRoot = join(root, 'runc');
  if (existsSync(runcRoot)) {
    for (const id of readdirSync(runcRoot)) {
      found.push(`runc state ${id}`);
      try {
        execFileSync('runc', ['--root', runcRoot, 'delete', '--force', id], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  }
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(`${root}/`)).sort().reverse();
  for (const mount of mounts) {
    found.push(`mount ${mount}`);
    try {
      execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const dir = join('/sys/fs/cgroup', hierarchy, `stack-${instanceId}`);
    if (!existsSync(dir)) continue;
    for (const child of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      found.push(`cgroup ${hierarchy}/${child.name}`);
      try {
        rmSync(join(dir, child.name), { recursive: false });
      } catch {
        execFileSync('rmdir', [join(dir, child.name)], { stdio: 'ignore' });
      }
    }
    try {
      execFileSync('rmdir', [dir], { stdio: 'ignore' });
      found.push(`cgroup parent ${hierarchy}/stack-${instanceId}`);
    } catch {
      found.push(`cgroup parent ${hierarchy}/stack-${instanceId} (busy)`);
    }
  }
  return found;
}

export async function collect(lines: AsyncIterable<LogEntry>): Promise<string> {
  let out = '';
  for await (const line of lines) out += `${line.line}${line.partial ? '' : '\n'}`;
  return out;
}

export async function collectStream(stream: NodeJS.ReadableStream | null): Promise<string> {
  if (!stream) return '';
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}
