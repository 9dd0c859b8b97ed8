/**
 * `stack up -d` / no-op `up -d` / `down -t 0` against the same dockerd as
 * docker-compose 1.29 (Debian's) doing the same, and the daemon's own floor:
 * N raw `docker run -d` in parallel and N `docker rm -f` in parallel.
 * Stacks of 1, 10 and 50 services, and a 5-deep `service_healthy` chain.
 * Prints medians and ratios; never asserts. Uses the test harness's dockerd
 * and busybox image, and removes everything it made.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { busyboxImage, ensureBusyboxImage } from '../test/helpers/docker-images.ts';
import { ensureDockerd } from '../test/helpers/dockerd.ts';
import { hasCommand, repoRoot } from '../test/helpers/requirements.ts';
import { uniqueId } from '../test/helpers/temp.ts';

const runs = Number(process.env.RUNS ?? 3);
const sizes = (process.env.SIZES ?? '1,10,50').split(',').map(Number);
// The bundle runs from node_modules/.cache: up.mjs says where the checkout is.
const checkout = process.env.STACK_REPO ?? repoRoot;
// A copy of dist/ (beside node_modules, so its imports resolve): a rebuild by someone else mid-run cannot pull it away.
const snapshot = join(checkout, 'node_modules', '.cache', 'stack-bench', `dist-${process.pid}`);
cpSync(join(checkout, 'dist'), snapshot, { recursive: true });
process.once('exit', () => rmSync(snapshot, { recursive: true, force: true }));
const stackBin = join(snapshot, 'cli.js');
// Exits at once on SIGTERM, so neither tool's `down` waits for a grace period.
const idle = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function writeStack(dir: string, services: number, chain: boolean): string {
  mkdirSync(dir, { recursive: true });
  const lines = ['services:'];
  for (let i = 1; i <= services; i++) {
    lines.push(`  s${i}:`, `    image: ${busyboxImage}`, `    command: ${idle}`);
    if (chain) {
      lines.push('    healthcheck:', '      test: ["CMD", "true"]', '      interval: 200ms', '      retries: 50');
      if (i > 1) lines.push('    depends_on:', `      s${i - 1}:`, '        condition: service_healthy');
    }
  }
  const file = join(dir, 'docker-compose.yml');
  // docker-compose 1.29 wants a version key for depends_on conditions; stack ignores it (with a warning it does not print here).
  writeFileSync(file, `${chain ? "version: '2.4'\n" : ''}${lines.join('\n')}\n`);
  return file;
}

interface Figures {
  cold: number[];
  noop: number[];
  down: number[];
}

type Tool = 'stack' | 'docker-compose';

function toolCommand(tool: Tool, file: string, project: string, env: NodeJS.ProcessEnv): (args: string[]) => Promise<number> {
  return (args) =>
    tool === 'stack' ? run(process.execPath, [stackBin, '--progress', 'quiet', '-f', file, '-p', project, ...args], env) : run('docker-compose', ['--no-ansi', '-f', file, '-p', project, ...args], env);
}

/** One cold up, one no-op up and one down of a tool, appended to its figures. */
async function cycle(cmd: (args: string[]) => Promise<number>, figures: Figures): Promise<void> {
  figures.cold.push(await cmd(['up', '-d']));
  figures.noop.push(await cmd(['up', '-d']));
  figures.down.push(await cmd(['down', '-t', '0']));
}

/** N raw `docker run -d` at once, then N `docker rm -f` at once: the daemon's own floor. */
async function floorCycle(services: number, env: NodeJS.ProcessEnv, out: { run: number[]; rm: number[] }): Promise<void> {
  const names = Array.from({ length: services }, (_, n) => `bench-floor-${uniqueId(6)}-${n}`);
  const network = `bench-floor-${uniqueId(6)}`;
  await run('docker', ['network', 'create', network], env);
  let removed = false;
  try {
    out.run.push(await timed(() => Promise.all(names.map((name) => run('docker', ['run', '-d', '--name', name, '--network', network, busyboxImage, 'sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"], env)))));
    out.rm.push(await timed(() => Promise.all(names.map((name) => run('docker', ['rm', '-f', name], env)))));
    removed = true;
  } finally {
    if (!removed) await Promise.all(names.map((name) => run('docker', ['rm', '-f', name], env).catch(() => 0)));
    await run('docker', ['network', 'rm', network], env);
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

const missing = ['docker', 'docker-compose'].filter((c) => !hasCommand(c));
if (missing.length > 0) {
  console.log(`bench/up needs ${missing.join(' and ')} (Debian: docker.io, docker-compose); skipping`);
} else {
  const dockerd = await ensureDockerd();
  const root = join('/tmp', `stk-bench-up-${uniqueId(6)}`);
  try {
    await ensureBusyboxImage(dockerd.socketPath ?? '');
    const env = { ...process.env, ...dockerd.env, COMPOSE_INTERACTIVE_NO_CLI: '1' };
    const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
    console.log(`bench/up: dockerd ${dockerd.origin} at ${dockerd.dockerHost}, ${runs} runs per figure (tools in turns), medians; load average ${load} on ${(await import('node:os')).availableParallelism()} CPUs\n`);
    const cases = [...sizes.map((n) => ({ label: `${n} service${n === 1 ? '' : 's'}`, services: n, chain: false })), { label: '5-deep healthy chain', services: 5, chain: true }];
    for (const c of cases) {
      const dir = join(root, c.label.replace(/\W+/g, '-'));
      const file = writeStack(dir, c.services, c.chain);
      const id = uniqueId(6);
      const stackCmd = toolCommand('stack', file, `benchs${id}`, env);
      const composeCmd = toolCommand('docker-compose', file, `benchc${id}`, env);
      // One untimed round each first (disk caches), then the tools take turns run by run, so a change
      // in the machine's load (it is shared) weighs on all of them alike.
      for (const cmd of [stackCmd, composeCmd]) {
        await cmd(['up', '-d']);
        await cmd(['down', '-t', '0']);
      }
      const stack: Figures = { cold: [], noop: [], down: [] };
      const compose: Figures = { cold: [], noop: [], down: [] };
      const floor = c.chain ? undefined : { run: [] as number[], rm: [] as number[] };
      try {
        for (let i = 0; i < runs; i++) {
          await cycle(stackCmd, stack);
          await cycle(composeCmd, compose);
          if (floor) await floorCycle(c.services, env, floor);
        }
      } catch (error) {
        // Leave nothing behind: whatever either tool made, by its project label.
        await stackCmd(['down', '-t', '0']).catch(() => 0);
        await composeCmd(['down', '-t', '0']).catch(() => 0);
        throw error;
      }
      console.log(`${c.label}:`);
      const row = (what: string, ours: number[], theirs: number[], raw?: number[]) =>
        console.log(
          `  ${what.padEnd(16)} stack ${s(median(ours)).padStart(8)}   docker-compose ${s(median(theirs)).padStart(8)}   stack/compose ${ratio(median(ours), median(theirs)).padStart(6)}` +
            (raw ? `   raw parallel ${s(median(raw)).padStart(8)}   stack/raw ${ratio(median(ours), median(raw)).padStart(6)}` : ''),
        );
      row('up -d (cold)', stack.cold, compose.cold, floor?.run);
      row('up -d (no-op)', stack.noop, compose.noop);
      row('down -t 0', stack.down, compose.down, floor?.rm);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
    await dockerd.dispose();
  }
}
