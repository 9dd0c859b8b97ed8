/**
 * What `stack dashboard` costs while it sits there (prints figures, never
 * asserts): CPU time of the dashboard's process over a fixed window, as a
 * percentage of one core, on a 120x40 terminal (SIZE=80x24 for another)
 * whose output goes to /dev/null.
 *
 * Scenarios (each in a fresh process, after a warm-up):
 *   idle              20 services in memory, nothing happens (the uptime column ticks once a second)
 *   idle+stats        the same, with a stats sample for every container each second
 *   chatty            following a service that logs 200 lines/s (+ stats)
 *   chatty-all        the same in the all-services log view (prefixes)
 *   stackd-idle       the real source over a private stackd running 20 services: runtime events,
 *                     one-shot stats for every container every 2 s, every container's log followed
 *   stackd-chatty     the same with svc01 (selected, followed) writing about 200 lines/s
 *   stackd-chatty-all the same in the all-services log view
 * The stackd runs need root (runc, conmon); the figures are the dashboard process's alone (stackd's own
 * CPU is not counted: it serves `docker stats` and logs to anyone, dashboard or not).
 *
 * Target (issue #5): under 3% of one core idle.
 *   node bench/dashboard.mjs            WINDOW_MS=10000 WARMUP_MS=5000 to change the window, COLOR=0 without colours,
 *                                       SCENARIOS=idle,stackd-idle to run some
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { DashboardActions, DashboardSource, LogLine } from '../src/ui/index.ts';
import { loadInk } from '../src/ui/load-ink.ts';
import { MemoryDashboardSource } from '../src/ui/memory-dashboard-source.ts';
import { manyServices } from '../src/ui/testing/demo-world.ts';
import { missingRuntime, runtimeSource, startRuntimeWorld, type RuntimeProject } from './dashboard-runtime.ts';

type Scenario = 'idle' | 'idle+stats' | 'chatty' | 'chatty-all' | 'stackd-idle' | 'stackd-chatty' | 'stackd-chatty-all';
const allScenarios: readonly Scenario[] = ['idle', 'idle+stats', 'chatty', 'chatty-all', 'stackd-idle', 'stackd-chatty', 'stackd-chatty-all'];
const scenarios = process.env.SCENARIOS ? allScenarios.filter((s) => process.env.SCENARIOS?.split(',').includes(s)) : allScenarios;
/** The project each stackd scenario runs against. */
const runtimeProject = (scenario: Scenario): RuntimeProject | undefined => (scenario === 'stackd-idle' ? 'quiet' : scenario.startsWith('stackd-') ? 'chatty' : undefined);

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
// The first seconds pay for compiling the render path and loading every log tail; idle is what comes after.
const warmupMs = Number(process.env.WARMUP_MS ?? 5_000);

/** The source and actions a scenario runs on; `lines` counts the log lines that reached the dashboard. */
async function sourceFor(scenario: Scenario, now: number, counter: { lines: number }): Promise<{ source: DashboardSource; actions: DashboardActions; world?: MemoryDashboardSource; close: () => void }> {
  if (runtimeProject(scenario) === undefined) {
    const world = new MemoryDashboardSource({ project: 'bench', runtime: 'memory', services: manyServices(20, now) });
    return { source: world, actions: world.actions, world, close: () => {} };
  }
  const { source, client } = await runtimeSource(arg('--socket'), arg('--dir'));
  const counted: DashboardSource = {
    snapshot: (o) => source.snapshot(o),
    events: (o) => source.events(o),
    details: (service, o) => source.details(service, o),
    logs: (o) =>
      (async function* (): AsyncGenerator<LogLine> {
        for await (const line of source.logs(o)) {
          counter.lines++;
          yield line;
        }
      })(),
  };
  return { source: counted, actions: source.actions, close: () => client[Symbol.dispose]() };
}

function arg(name: string): string {
  const at = process.argv.indexOf(name);
  if (at < 0) throw new Error(`${name} is missing`);
  return process.argv[at + 1] as string;
}

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
  const counter = { lines: 0 };
  const { source, actions, world, close } = await sourceFor(scenario, now, counter);
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
  const done = runDashboard({ source, actions, stdout, stdin, color, signal: abort.signal, onReady: ready, onFrame });
  await started;

  const timers: NodeJS.Timeout[] = [];
  if (scenario.endsWith('chatty-all')) input.write('a');
  if (world && scenario !== 'idle') {
    const containers = manyServices(20, now).flatMap((s) => s.containers.map((c) => ({ service: s.name, container: c.name })));
    timers.push(setInterval(() => world.stats(containers.map((c, i) => ({ ...c, cpuPercent: (i * 7 + Date.now() / 1000) % 100, memoryBytes: 50_000_000 + i * 1_000_000 }))), 1000));
  }
  let lines = 0;
  if (world && (scenario === 'chatty' || scenario === 'chatty-all')) {
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
  const lines0 = lines + counter.lines;
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
    linesPerSecond: ((lines + counter.lines - lines0) / elapsed) * 1000,
    rssMiB: process.memoryUsage().rss / 1024 / 1024,
  };
  for (const t of timers) clearInterval(t);
  abort.abort();
  await done;
  close();
  return figures;
}

function runChild(scenario: Scenario, extra: readonly string[] = []): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(process.env.CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF}`] : []), fileURLToPath(import.meta.url), '--scenario', scenario, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  console.log('scenario           CPU % of one core   user ms  sys ms   frames/s  Ink ms/frame   KiB/s   log lines/s   RSS MiB');
  const print = (f: Figures) =>
    console.log(
      `${f.scenario.padEnd(18)} ${f.cpuPercent.toFixed(2).padStart(17)}   ${f.userMs.toFixed(0).padStart(7)}  ${f.systemMs.toFixed(0).padStart(6)}   ${f.framesPerSecond.toFixed(1).padStart(8)}  ${f.inkMsPerFrame.toFixed(2).padStart(12)}  ${f.kibPerSecond.toFixed(1).padStart(6)}   ${f.linesPerSecond.toFixed(0).padStart(11)}   ${f.rssMiB.toFixed(0).padStart(7)}`,
    );
  for (const scenario of scenarios.filter((s) => runtimeProject(s) === undefined)) print(await runChild(scenario));
  const onRuntime = scenarios.filter((s) => runtimeProject(s) !== undefined);
  const missing = onRuntime.length > 0 ? missingRuntime() : undefined;
  if (missing) console.log(`stackd runs skipped: ${missing}`);
  else if (onRuntime.length > 0) {
    await using world = await startRuntimeWorld();
    let up: { kind: RuntimeProject; dir: string } | undefined;
    for (const scenario of onRuntime) {
      const kind = runtimeProject(scenario) as RuntimeProject;
      if (up?.kind !== kind) up = { kind, dir: await world.up(kind) };
      print(await runChild(scenario, ['--socket', world.socketPath, '--dir', up.dir]));
    }
  }
  console.log('target: idle under 3% of one core');
}
