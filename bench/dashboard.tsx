/**
 * What `stack dashboard` costs while it sits there (prints figures, never
 * asserts): CPU time of the dashboard's process over a fixed window, as a
 * percentage of one core, with the in-memory source (phase 2 adds the real
 * runtime), on a 120x40 terminal (SIZE=80x24 for another) whose output goes to /dev/null.
 *
 * Scenarios (each in a fresh process, after a warm-up):
 *   idle            20 services, nothing happens (the uptime column ticks once a second)
 *   idle+stats      the same, with a stats sample for every container each second
 *   chatty          following a service that logs 200 lines/s (+ stats)
 *   chatty-all      the same in the all-services log view (prefixes)
 *
 * Target (issue #5): under 3% of one core idle.
 *   node bench/dashboard.mjs            WINDOW_MS=10000 WARMUP_MS=2000 to change the window, COLOR=0 without colours
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadInk } from '../src/ui/load-ink.ts';
import { MemoryDashboardSource } from '../src/ui/memory-dashboard-source.ts';
import { manyServices } from '../src/ui/testing/demo-world.ts';

type Scenario = 'idle' | 'idle+stats' | 'chatty' | 'chatty-all';
const scenarios: readonly Scenario[] = ['idle', 'idle+stats', 'chatty', 'chatty-all'];

interface Figures {
  readonly scenario: Scenario;
  readonly windowMs: number;
  readonly cpuPercent: number;
  readonly userMs: number;
  readonly systemMs: number;
  readonly framesPerSecond: number;
  /** Ink's share of a frame: layout and drawing, React's work excluded. */
  readonly inkMsPerFrame: number;
  readonly writesPerSecond: number;
  readonly kibPerSecond: number;
  readonly linesPerSecond: number;
  readonly rssMiB: number;
}

const windowMs = Number(process.env.WINDOW_MS ?? 10_000);
const color = process.env.COLOR !== '0';
const [columns, rows] = (process.env.SIZE ?? '120x40').split('x').map(Number) as [number, number];
const warmupMs = Number(process.env.WARMUP_MS ?? 2_000);

async function measure(scenario: Scenario): Promise<Figures> {
  const stdout = createWriteStream('/dev/null') as unknown as NodeJS.WriteStream;
  Object.assign(stdout, { isTTY: true, columns, rows });
  let writes = 0;
  let bytes = 0;
  const write = stdout.write.bind(stdout);
  stdout.write = ((chunk: string, ...rest: never[]) => {
    writes++;
    bytes += Buffer.byteLength(chunk);
    return write(chunk, ...rest);
  }) as typeof stdout.write;
  const input = new PassThrough();
  const stdin = Object.assign(input, { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin }) as unknown as NodeJS.ReadStream;

  const now = Date.now();
  const world = new MemoryDashboardSource({ project: 'bench', runtime: 'memory', services: manyServices(20, now) });
  const abort = new AbortController();
  // As the CLI will: React's production build, loaded on demand.
  const { runDashboard } = await loadInk();
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  let frames = 0;
  let inkMs = 0;
  const onFrame = (ms: number) => {
    frames++;
    inkMs += ms;
  };
  const done = runDashboard({ source: world, actions: world.actions, stdout, stdin, color, signal: abort.signal, onReady: ready, onFrame });
  await started;

  const timers: NodeJS.Timeout[] = [];
  if (scenario !== 'idle') {
    const containers = manyServices(20, now).flatMap((s) => s.containers.map((c) => ({ service: s.name, container: c.name })));
    timers.push(setInterval(() => world.stats(containers.map((c, i) => ({ ...c, cpuPercent: (i * 7 + Date.now() / 1000) % 100, memoryBytes: 50_000_000 + i * 1_000_000 }))), 1000));
  }
  let lines = 0;
  if (scenario === 'chatty' || scenario === 'chatty-all') {
    if (scenario === 'chatty-all') input.write('a');
    // 200 lines/s, arriving every 10 ms or so as a busy access log does; counted from the clock so a late timer catches up.
    const t0 = Date.now();
    timers.push(setInterval(() => {
      const due = Math.floor(((Date.now() - t0) * 200) / 1000) - lines;
      const batch = Array.from({ length: due }, (_, i) => `${new Date().toISOString()} GET /api/items/${lines + i} 200 1.2ms`);
      if (batch.length > 0) world.log('svc01', ...batch);
      lines += batch.length;
    }, 10));
  }

  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  const cpu0 = process.cpuUsage();
  const writes0 = writes;
  const bytes0 = bytes;
  const lines0 = lines;
  const frames0 = frames;
  const inkMs0 = inkMs;
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const cpu = process.cpuUsage(cpu0);
  const elapsed = performance.now() - t0;
  const figures: Figures = {
    scenario,
    windowMs: Math.round(elapsed),
    cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsed) * 100,
    userMs: cpu.user / 1000,
    systemMs: cpu.system / 1000,
    framesPerSecond: ((frames - frames0) / elapsed) * 1000,
    inkMsPerFrame: frames > frames0 ? (inkMs - inkMs0) / (frames - frames0) : 0,
    writesPerSecond: ((writes - writes0) / elapsed) * 1000,
    kibPerSecond: ((bytes - bytes0) / 1024 / elapsed) * 1000,
    linesPerSecond: ((lines - lines0) / elapsed) * 1000,
    rssMiB: process.memoryUsage().rss / 1024 / 1024,
  };
  for (const t of timers) clearInterval(t);
  abort.abort();
  await done;
  return figures;
}

function runChild(scenario: Scenario): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--scenario', scenario], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`scenario ${scenario} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) as string) as Figures);
    });
  });
}

const at = process.argv.indexOf('--scenario');
if (at >= 0) {
  const figures = await measure(process.argv[at + 1] as Scenario);
  process.stdout.write(JSON.stringify(figures) + '\n');
} else {
  console.log(`bench/dashboard: 20 services, ${columns}x${rows}, colour ${color ? 'on' : 'off'}, output to /dev/null, window ${windowMs} ms after ${warmupMs} ms warm-up, Node ${process.version}`);
  console.log('scenario       CPU % of one core   user ms  sys ms   frames/s  Ink ms/frame   KiB/s   log lines/s   RSS MiB');
  for (const scenario of scenarios) {
    const f = await runChild(scenario);
    console.log(
      `${f.scenario.padEnd(14)} ${f.cpuPercent.toFixed(2).padStart(17)}   ${f.userMs.toFixed(0).padStart(7)}  ${f.systemMs.toFixed(0).padStart(6)}   ${f.framesPerSecond.toFixed(1).padStart(8)}  ${f.inkMsPerFrame.toFixed(2).padStart(12)}  ${f.kibPerSecond.toFixed(1).padStart(6)}   ${f.linesPerSecond.toFixed(0).padStart(11)}   ${f.rssMiB.toFixed(0).padStart(7)}`,
    );
  }
  console.log('target: idle under 3% of one core');
}
