import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { cleanupInstance } from '../../src/net/index.ts';

/** Shared by the net-* integration tests: names, subnets, probes, leftovers. */

const execFileAsync = promisify(execFile);

/** A fresh instance id (4 hex) for one test file: every kernel object it makes carries it. */
export function testInstance(): string {
  return randomBytes(2).toString('hex');
}

/** A random 10.2xx.y.0/24 of our own, cut into /26 networks (four per test file). */
export function testPool(): { base: string; size: number } {
  return { base: `10.${randomInt(200, 256)}.${randomInt(0, 256)}.0/24`, size: 26 };
}

export function containerId(): string {
  return randomBytes(32).toString('hex');
}

export async function run(command: string, args: readonly string[], timeoutMs = 15_000): Promise<{ stdout: string; stderr: string; status: number }> {
  try {
    const { stdout, stderr } = await execFileAsync(command, [...args], { timeout: timeoutMs, encoding: 'utf8' });
    return { stdout, stderr, status: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', status: typeof e.code === 'number' ? e.code : 1 };
  }
}

/** `busybox nslookup <name> <server>` inside a namespace: the answer addresses, or the failure text. */
export async function nslookup(netns: string, name: string, server: string): Promise<{ addresses: string[]; output: string }> {
  const result = await run('ip', ['netns', 'exec', netns, 'busybox', 'nslookup', name, server]);
  const output = result.stdout + result.stderr;
  // The server's own line reads `Address:\t<ip>:53`; answers have no port.
  const addresses = [...output.matchAll(/^Address:\s+(\d+\.\d+\.\d+\.\d+)\s*$/gm)].map((m) => m[1] as string);
  return { addresses, output };
}

export async function pingFrom(netns: string, address: string): Promise<boolean> {
  return (await run('ip', ['netns', 'exec', netns, 'busybox', 'ping', '-c', '1', '-W', '2', address])).status === 0;
}

export { freePort } from '../helpers/ports.ts';

/** Whether a TCP port on 127.0.0.1 can be bound right now (nothing of ours left listening on it). */
export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port }, () => resolve(true));
  });
  if (bound) await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

export function httpGet(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/', timeout: 3_000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Processes a test started, ended by pid in afterAll. */
export class Processes {
  readonly #children: ChildProcess[] = [];

  /** `busybox httpd` serving `dir` on port 80 inside a namespace. */
  httpd(netns: string, dir: string, port = 80): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', netns, 'busybox', 'httpd', '-f', '-p', String(port), '-h', dir], { stdio: 'ignore' });
    this.#children.push(child);
    return child;
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
            child.once('exit', () => resolve());
            process.kill(child.pid, 'SIGKILL');
          }),
      ),
    );
    this.#children.length = 0;
  }
}

/** What an instance left on the host: link and netns names, and iptables lines that name it. */
export async function leftovers(instance: string): Promise<string[]> {
  const [links, netns, save] = await Promise.all([run('ip', ['-o', 'link', 'show']), run('ip', ['netns', 'list']), run('iptables-save', [])]);
  const found: string[] = [];
  for (const line of links.stdout.split('\n')) {
    const name = /^\d+:\s+([^:@]+)/.exec(line)?.[1];
    if (name && (name.startsWith(`stk${instance}-`) || name.startsWith(`vs${instance}`))) found.push(`link ${name}`);
  }
  for (const line of netns.stdout.split('\n')) if (line.startsWith(`stk${instance}-`)) found.push(`netns ${line.split(' ')[0]}`);
  for (const line of save.stdout.split('\n')) if (line.includes(`STK-${instance}-`)) found.push(`iptables ${line}`);
  return found;
}

/** afterAll: everything of the instance removed, whatever state the tests left. */
export async function removeInstance(instance: string): Promise<void> {
  await cleanupInstance(instance);
}
