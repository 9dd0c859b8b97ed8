// Wall time of `stack config` on a generated 50-service compose file, next to
// Debian's docker-compose v1 (`docker-compose config`) and a bare `node -e 0`.
// Prints figures, asserts nothing.
//   node bench/config.mjs [runs]        (builds dist/ first when it is missing)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function measure(label, command, args, cwd) {
  const probe = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    console.log(`${label.padEnd(34)} unavailable (${probe.error?.code ?? `exit ${probe.status}: ${(probe.stderr ?? '').trim().split('\n').pop()}`})`);
    return undefined;
  }
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    spawnSync(command, args, { cwd, stdio: 'ignore' });
    samples.push(performance.now() - start);
  }
  const m = median(samples);
  console.log(`${label.padEnd(34)} median ${(m / 1000).toFixed(3)} s   min ${(Math.min(...samples) / 1000).toFixed(3)} s   max ${(Math.max(...samples) / 1000).toFixed(3)} s   (n=${runs})`);
  return m;
}

if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'stk-bench-config-'));
try {
  writeFileSync(join(dir, 'compose.yaml'), composeText(50));
  // docker-compose v1 checks that build contexts exist.
  for (let i = 0; i < 50; i += 5) mkdirSync(join(dir, `svc${i}`));
  console.log(`stack config on a 50-service file (${dir}/compose.yaml), ${runs} runs each, wall time of the whole process:`);
  const node = measure('node -e 0', process.execPath, ['-e', '0'], dir);
  const stack = measure('stack config', process.execPath, [join(root, 'bin', 'stack'), 'config'], dir);
  measure('stack config --format json', process.execPath, [join(root, 'bin', 'stack'), 'config', '--format', 'json'], dir);
  const v1 = measure('docker-compose config (v1)', 'docker-compose', ['config'], dir);
  if (node && stack) console.log(`stack config / node -e 0: ${(stack / node).toFixed(2)}x (target: under 2x)`);
  if (v1 && stack) console.log(`docker-compose v1 / stack config: ${(v1 / stack).toFixed(2)}x faster (target: more than 3x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
