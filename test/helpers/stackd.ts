import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { build } from 'esbuild';
import { cleanupInstance } from '../../src/net/index.ts';
import { STACKD_NODE_FLAGS } from '../../src/runtime/daemon/control/index.ts';
import { eventually } from './eventually.ts';
import { missingRequirements, repoRoot } from './requirements.ts';

/**
 * A private stackd for one test file: its own state root under /tmp, its own
 * instance id (made by stackd in that root), its own /24 of 10.2xx for
 * networks, no upstream DNS. The daemon is bundled from the sources once per
 * process (so tests never run a stale dist/). dispose() removes every
 * container, network and volume it made through the API, stops the daemon,
 * and then removes whatever is left on the host for its instance (mounts,
 * cgroups, conmon processes, bridges, namespaces, chains), reporting it.
 */

export interface StackdHandle extends AsyncDisposable {
  readonly root: string;
  readonly socketPath: string;
  /** `unix://<socket>` for DOCKER_HOST. */
  readonly dockerHost: string;
  /** The environment a CLI or client needs to reach this stackd (STACK_ROOT; DOCKER_HOST for docker tools). */
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  /** The /24 its networks are cut from (in /26s). */
  readonly pool: string;
  pid(): number;
  instance(): string;
  /** Starts the daemon again over the same root (after kill() or stop()). */
  restart(): Promise<void>;
  /** SIGKILL, as a crash: containers keep running. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** Everything removed; returns what had to be removed by force (should be empty). */
  dispose(): Promise<string[]>;
}

/** Why stackd cannot run here, or undefined. */
export function missingStackd(): string | undefined {
  return missingRequirements({ root: true, commands: ['runc', 'conmon', 'busybox', 'ip', 'iptables-restore', 'tar', 'perl', 'script'] });
}

let bundled: Promise<string> | undefined;

/** The checkout: requirements.ts's, unless a bundled caller (bench/) says where it is. */
function checkout(): string {
  return process.env.STACK_REPO ?? repoRoot;
}

/**
 * A dist-like bundle of the daemon entry, built from the sources once per
 * test process and kept under node_modules/.cache by content hash (a run
 * with the same sources reuses it; nothing piles up in /tmp).
 */
export function stackdScript(): Promise<string> {
  bundled ??= (async () => {
    const cache = join(checkout(), 'node_modules', '.cache', 'stack-stackd');
    mkdirSync(cache, { recursive: true });
    const pkg = JSON.parse(readFileSync(join(checkout(), 'package.json'), 'utf8')) as { version: string };
    const result = await build({
      absWorkingDir: checkout(),
      entryPoints: ['src/runtime/daemon/entry.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      outfile: join(cache, 'stackd.js'),
      define: { __STACK_VERSION__: JSON.stringify(pkg.version) },
      // As scripts/build.mjs: bundled CommonJS dependencies call require().
      banner: { js: "import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    // The file must be named stackd.js (the pid file check knows stackd by its program name): one directory per build.
    const dir = join(cache, createHash('sha256').update(code).digest('hex').slice(0, 16));
    const outfile = join(dir, 'stackd.js');
    if (!existsSync(outfile)) {
      mkdirSync(dir, { recursive: true });
      const temp = join(dir, `.stackd-${process.pid}.js`);
      writeFileSync(temp, code);
      renameSync(temp, outfile);
    }
    return outfile;
  })();
  return bundled;
}

export async function startStackd(options: { readonly extraEnv?: Readonly<Record<string, string>> } = {}): Promise<StackdHandle> {
  const script = await stackdScript();
  const root = mkdtempSync('/tmp/stkd-');
  const pool = `10.${randomInt(200, 256)}.${randomInt(0, 256)}.0/24`;
  const socketPath = join(root, 'run', 'stackd.sock');
  const logFile = join(root, 'stackd.log');
  const env = { STACK_ROOT: root, STACK_SUBNET_POOL: `${pool}:26`, STACK_DNS_UPSTREAMS: 'none', ...options.extraEnv };
  let child: ChildProcess | undefined;
  let exited: string | undefined;

  const launch = async (): Promise<void> => {
    mkdirSync(root, { recursive: true });
    const out = openSync(join(root, 'stackd.out'), 'a');
    exited = undefined;
    const flags = process.env.STACKD_NODE_FLAGS !== undefined ? process.env.STACKD_NODE_FLAGS.split(' ').filter(Boolean) : STACKD_NODE_FLAGS;
    child = spawn(process.execPath, [...flags, script], { env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...env }, stdio: ['ignore', out, out], detached: true });
    closeSync(out);
    child.once('exit', (code, signal) => (exited = `stackd exited (${signal ?? code}) before answering`));
    try {
      await eventually(async () => {
        if (exited) return;
        if (!(await ping(socketPath))) throw new Error('no answer yet');
      }, { timeoutMs: 60_000, intervalMs: 20, what: `stackd on ${socketPath}` });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${tail(root)}`, { cause: error });
    }
    if (exited) throw new Error(`${exited}\n${tail(root)}`);
  };

  const waitExit = async (): Promise<void> => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    await new Promise<void>((resolve) => current.once('exit', () => resolve()));
  };

  await launch();
  const instance = (): string => readFileSync(join(root, 'instance'), 'utf8').trim();

  const handle: StackdHandle = {
    root,
    socketPath,
    dockerHost: `unix://${socketPath}`,
    env: { ...env, DOCKER_HOST: `unix://${socketPath}` },
    logFile,
    pool,
    pid: () => child?.pid ?? 0,
    instance,
    restart: launch,
    kill: async () => {
      child?.kill('SIGKILL');
      await waitExit();
    },
    stop: async () => {
      child?.kill('SIGTERM');
      await waitExit();
    },
    dispose: async () => {
      const inst = existsSync(join(root, 'instance')) ? instance() : undefined;
      if (child && child.exitCode === null && child.signalCode === null) {
        await removeEverything(socketPath).catch(() => undefined);
        child.kill('SIGTERM');
        await Promise.race([waitExit(), new Promise((resolve) => setTimeout(resolve, 20_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      const leftovers = inst ? await forceCleanStackd(root, inst) : [];
      rmSync(root, { recursive: true, force: true });
      return leftovers;
    },
    [Symbol.asyncDispose]: async () => void (await handle.dispose()),
  };
  return handle;
}

function tail(root: string): string {
  const read = (f: string): string => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  return `--- stackd output ---\n${read(join(root, 'stackd.out')).split('\n').slice(-20).join('\n')}\n--- stackd.log ---\n${read(join(root, 'stackd.log')).split('\n').slice(-20).join('\n')}`;
}

export function ping(socketPath: string): Promise<boolean> {
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** One API call with a JSON answer (for the harness's own cleanup and for tests that talk to the API directly). */
export function api(socketPath: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request({ socketPath, path, method, headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json, text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function removeEverything(socketPath: string): Promise<void> {
  const containers = (await api(socketPath, 'GET', '/containers/json?all=1')).json as { Id: string }[];
  for (const c of containers ?? []) await api(socketPath, 'DELETE', `/containers/${c.Id}?force=1&v=1`);
  const networks = (await api(socketPath, 'GET', '/networks')).json as { Id: string; Name: string }[];
  for (const n of networks ?? []) if (!['host', 'none', 'bridge'].includes(n.Name)) await api(socketPath, 'DELETE', `/networks/${n.Id}`);
  const volumes = ((await api(socketPath, 'GET', '/volumes')).json as { Volumes: { Name: string }[] } | undefined)?.Volumes ?? [];
  for (const v of volumes) await api(socketPath, 'DELETE', `/volumes/${encodeURIComponent(v.Name)}?force=1`);
}

/**
 * What one stackd root and instance has on the host, without touching it:
 * conmon processes, mounts under the root, cgroups, bridges and veths,
 * network namespaces and iptables chains named with the instance.
 */
export async function hostLeftovers(root: string, instance: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('conmon') && cmdline.includes(`${root}/`)) found.push(`conmon ${pid}`);
    } catch {
      // gone
    }
  }
  for (const mount of readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '')) if (mount.startsWith(`${root}/`)) found.push(`mount ${mount}`);
  for (const hierarchy of existsSync('/sys/fs/cgroup') ? readdirSync('/sys/fs/cgroup') : []) if (existsSync(join('/sys/fs/cgroup', hierarchy, `stack-${instance}`))) found.push(`cgroup ${hierarchy}/stack-${instance}`);
  const links = await output('ip', ['-o', 'link', 'show']);
  for (const m of links.matchAll(/^\d+: ([^:@\s]+)/gm)) if (m[1]?.startsWith(`stk${instance}-`) || m[1]?.startsWith(`vs${instance}`)) found.push(`link ${m[1]}`);
  for (const line of (await output('ip', ['netns', 'list'])).split('\n')) if (line.startsWith(`stk${instance}-`)) found.push(`netns ${line.split(' ')[0]}`);
  for (const table of ['filter', 'nat']) if ((await output('iptables-save', ['-t', table])).includes(`STK-${instance}-`)) found.push(`iptables ${table} chains`);
  return found;
}

function output(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(text));
  });
}

/**
 * What is left on the host for one stackd root and instance: conmon
 * processes, runc state, mounts under the root, cgroups, and network objects.
 * Removes them and says what they were.
 */
export async function forceCleanStackd(root: string, instance: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if ((cmdline.startsWith('conmon') || cmdline.startsWith('/usr/bin/conmon')) && cmdline.includes(`${root}/`)) {
      found.push(`conmon ${pid}`);
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  const runcRoot = join(root, 'runc');
  if (existsSync(runcRoot)) {
    for (const id of readdirSync(runcRoot)) {
      found.push(`runc state ${id.slice(0, 12)}`);
      await run('runc', ['--root', runcRoot, 'delete', '--force', id]);
    }
  }
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(`${root}/`)).sort().reverse();
  for (const mount of mounts) {
    found.push(`mount ${mount.slice(root.length)}`);
    await run('umount', ['-l', mount]);
  }
  // Container processes whose runc state is gone (a root removed under them): found by their cgroup.
  const pidsDir = join('/sys/fs/cgroup', 'pids', `stack-${instance}`);
  if (existsSync(pidsDir)) {
    for (const child of readdirSync(pidsDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const pid of readFileSync(join(pidsDir, child.name, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
        found.push(`process ${pid} of ${child.name.slice(0, 12)}`);
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const hierarchy of existsSync('/sys/fs/cgroup') ? readdirSync('/sys/fs/cgroup') : []) {
    const dir = join('/sys/fs/cgroup', hierarchy, `stack-${instance}`);
    if (!existsSync(dir)) continue;
    for (const child of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      found.push(`cgroup ${hierarchy}/stack-${instance}/${child.name.slice(0, 12)}`);
      await run('rmdir', [join(dir, child.name)]);
    }
    found.push(`cgroup ${hierarchy}/stack-${instance}`);
    await run('rmdir', [dir]);
  }
  const net = await cleanupInstance(instance);
  for (const item of [...net.links.map((l) => `link ${l}`), ...net.netns.map((n) => `netns ${n}`)]) found.push(item);
  return found;
}

function run(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { stdio: 'ignore' });
    child.on('error', () => resolve(-1));
    child.on('close', (code) => resolve(code ?? -1));
  });
}
