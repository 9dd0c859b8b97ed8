// Wall time of `stack config` on a generated 50-service compose file, next to
// Debian's docker-compose v1 (`docker-compose config`) and a bare `node -e 0`.
// Prints figures, asserts nothing.
//   node bench/config.mjs [runs]        (builds dist/ first when it is missing)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { composeText } from './config-fixture.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** CPU time (user + system) of a child, from GNU time when it is installed: steadier than wall time on a busy machine. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function cpuOf(command, args, cwd) {
  if (!TIME) return undefined;
  const run = spawnSync(TIME, ['-f', '%U %S', command, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const last = (run.stderr ?? '').trim().split('\n').pop() ?? '';
  const [user, sys] = last.split(' ').map(Number);
  return Number.isFinite(user) && Number.isFinite(sys) ? (user + sys) * 1000 : undefined;
}

function measure(label, command, args, cwd) {
  const probe = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    console.log(`${label.padEnd(30)} unavailable (${probe.error?.code ?? `exit ${probe.status}: ${(probe.stderr ?? '').trim().split('\n').pop()}`})`);
    return undefined;
  }
  const samples = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const run = spawnSync(command, args, { cwd, stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`${label} failed (exit ${run.status}) during the measurement`);
    samples.push(performance.now() - start);
    const c = cpuOf(command, args, cwd);
    if (c !== undefined) cpu.push(c);
  }
  const m = median(samples);
  const c = cpu.length > 0 ? median(cpu) : undefined;
  const s = (ms) => `${(ms / 1000).toFixed(3)} s`;
  console.log(`${label.padEnd(30)} wall median ${s(m)}  min ${s(Math.min(...samples))}  max ${s(Math.max(...samples))}${c !== undefined ? `   cpu median ${s(c)}` : ''}   (n=${runs})`);
  return { wall: m, min: Math.min(...samples), cpu: c };
}

if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'stk-bench-config-'));
try {
  // A private copy of the bundle: a rebuild of dist/ in the checkout during the runs would otherwise break them.
  const app = join(dir, 'app');
  cpSync(join(root, 'dist'), join(app, 'dist'), { recursive: true });
  cpSync(join(root, 'bin'), join(app, 'bin'), { recursive: true });
  const stackBin = join(app, 'bin', 'stack');
  writeFileSync(join(dir, 'compose.yaml'), composeText(50));
  // docker-compose v1 checks that build contexts exist.
  for (let i = 0; i < 50; i += 5) mkdirSync(join(dir, `svc${i}`));
  console.log(`stack config on a 50-service file (${dir}/compose.yaml), ${runs} runs each, the whole process:`);
  const node = measure('node -e 0', process.execPath, ['-e', '0'], dir);
  const stack = measure('stack config', process.execPath, [stackBin, 'config'], dir);
  measure('stack config --format json', process.execPath, [stackBin, 'config', '--format', 'json'], dir);
  const v1 = measure('docker-compose config (v1)', 'docker-compose', ['config'], dir);
  const ratio = (a, b, key) => (a?.[key] !== undefined && b?.[key] !== undefined ? (a[key] / b[key]).toFixed(2) : 'n/a');
  if (node && stack) console.log(`stack config / node -e 0: ${ratio(stack, node, 'wall')}x wall median, ${ratio(stack, node, 'min')}x wall min, ${ratio(stack, node, 'cpu')}x cpu (target: under 2x)`);
  if (v1 && stack) console.log(`docker-compose v1 / stack config: ${ratio(v1, stack, 'wall')}x wall median, ${ratio(v1, stack, 'min')}x wall min, ${ratio(v1, stack, 'cpu')}x cpu (target: more than 3x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
