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

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);

/** A 50-service project of the usual shapes: images and builds, ports, env, volumes, dependencies, healthchecks, networks. */
function composeText(count) {
  const lines = ['version: "3.8"', 'x-defaults: &defaults', '  restart: unless-stopped', '  logging:', '    driver: json-file', '    options: {max-size: 10m}', 'services:'];
  for (let i = 0; i < count; i++) {
    lines.push(`  svc${i}:`, '    <<: *defaults');
    if (i % 5 === 0) lines.push(`    build: {context: ./svc${i}, args: {VERSION: "\${VERSION:-1.0}"}}`, `    image: example/svc${i}:latest`);
    else lines.push(`    image: "example/svc${i}:\${TAG:-${i}}"`);
    lines.push(
      `    command: ["run", "--port", "${8000 + i}"]`,
      `    ports: ["${10000 + i}:${8000 + i}", "127.0.0.1:${20000 + i}:9000/udp"]`,
      '    environment:',
      `      SERVICE_NAME: svc${i}`,
      '      LOG_LEVEL: info',
      `      DATABASE_URL: postgres://db:5432/svc${i}`,
      `    volumes: ["data${i % 10}:/var/lib/svc", "./config/svc${i}.yml:/etc/svc.yml:ro"]`,
      '    networks: [front, back]',
      '    healthcheck:',
      `      test: ["CMD", "wget", "-q", "-O-", "http://localhost:${8000 + i}/health"]`,
      '      interval: 30s',
      '      timeout: 5s',
      '      retries: 3',
      '    labels:',
      `      com.example.team: team${i % 4}`,
      '      com.example.tier: backend',
    );
    if (i > 0) lines.push('    depends_on:', `      svc${i - 1}:`, '        condition: service_started');
    if (i % 7 === 0) lines.push('    deploy: {resources: {limits: {cpus: "0.5", memory: 256M}}}');
  }
  lines.push('networks:', '  front: {}', '  back: {internal: true}', 'volumes:');
  for (let v = 0; v < 10; v++) lines.push(`  data${v}: {}`);
  return lines.join('\n') + '\n';
}

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
