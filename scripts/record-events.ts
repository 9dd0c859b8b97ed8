/**
 * Re-records fixtures/events/*.jsonl from real runs: the built CLI
 * (dist/cli.js) with `--progress json` against a private stackd (its own
 * state root, address pool and instance, removed at the end), one project
 * named `demo` taken through five passes. Each recording is the `event` of
 * every JSON line the command printed, exactly the events the live view
 * consumed, with two normalizations so re-recording gives comparable files:
 * times are shifted to start at 2026-01-01T00:00:00Z (offsets kept), and the
 * local registry's port is written as 5000.
 *
 *   cold-up         up -d from nothing: a network, a volume, an image pulled
 *                   from a local registry (two layers), three containers,
 *                   web waiting for db: healthy
 *   recreate        web's environment changed, cache left out of the file:
 *                   web recreated, db kept, an orphan warning
 *   scaled          up -d --scale web=3 (cache back in the file): web-2 and
 *                   web-3 created and started, the rest kept
 *   down            down: containers stopped and removed, the network
 *                   removed, the named volume kept
 *   failing-health  up -d of a db whose health check fails: the wait fails
 *                   with the check's output, web is never started
 *
 * Run as root after `npm run build`: node scripts/record-events.mjs
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeBusyboxRootfs } from '../test/helpers/busybox.ts';
import { ensureBusyboxImage } from '../test/helpers/docker-images.ts';
import { eventually } from '../test/helpers/eventually.ts';
import { freePort } from '../test/helpers/ports.ts';
import { missingStackd, startStackd } from '../test/helpers/stackd.ts';
import { createRuntimeClient } from '../src/runtime/client/index.ts';

const repo = process.env.STACK_REPO ?? process.cwd();
const out = join(repo, 'fixtures', 'events');
const epoch = Date.UTC(2026, 0, 1);

const stack = (cache: string, web: string, db: string) => `name: demo
services:
${cache}  db:
    image: stack-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
    volumes: ["data:/data"]
${db}  web:
    image: stack-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
${web}    depends_on:
      db:
        condition: service_healthy
volumes:
  data: {}
`;
const cacheService = (registry: string) => `  cache:
    image: ${registry}/demo/cache:7
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
`;
const healthy = `    healthcheck:
      test: ["CMD-SHELL", "test -d /data"]
      interval: 300ms
      retries: 20
`;
const failing = `    healthcheck:
      test: ["CMD-SHELL", "echo 'db: connection refused' >&2; exit 2"]
      interval: 300ms
      retries: 2
`;

async function main(): Promise<void> {
  const missing = missingStackd();
  if (missing) throw new Error(`cannot record: ${missing}`);
  const cli = join(repo, 'dist', 'cli.js');
  const work = mkdtempSync('/tmp/stk-record-');
  const port = await freePort();
  const registry = await startRegistry(work, port);
  const stackd = await startStackd();
  try {
    const client = await createRuntimeClient({ runtime: 'bundled', env: {}, socketPath: stackd.socketPath });
    await ensureBusyboxImage(client);
    client[Symbol.dispose]();
    await pushTwoLayerImage(work, `127.0.0.1:${port}`, 'demo/cache', '7');
    const dir = join(work, 'demo');
    spawnSync('mkdir', ['-p', dir]);
    const file = (text: string) => writeFileSync(join(dir, 'compose.yaml'), text);
    const cache = cacheService(`127.0.0.1:${port}`);
    const run = (name: string | undefined, args: readonly string[]) => {
      const result = spawnSync(process.execPath, [cli, '--progress', 'json', ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...stackd.env, STACK_RUNTIME: 'bundled' }, encoding: 'utf8' });
      if (name === undefined) return;
      const events = result.stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { event: { at: number } }).event);
      if (events.length === 0) throw new Error(`${name}: no events (exit ${result.status})\n${result.stderr}`);
      const t0 = events[0]?.at ?? 0;
      const text = events.map((e) => JSON.stringify({ ...e, at: e.at - t0 + epoch })).join('\n').replaceAll(`127.0.0.1:${port}`, '127.0.0.1:5000');
      writeFileSync(join(out, `${name}.jsonl`), `${text}\n`);
      console.log(`${name}: ${events.length} events, exit ${result.status}`);
    };
    file(stack(cache, '', healthy));
    run('cold-up', ['up', '-d']);
    file(stack('', '    environment:\n      MODE: two\n', healthy));
    run('recreate', ['up', '-d']);
    file(stack(cache, '    environment:\n      MODE: two\n', healthy));
    run('scaled', ['up', '-d', '--scale', 'web=3']);
    run('down', ['down']);
    run(undefined, ['down', '-v']);
    file(stack('', '', failing));
    run('failing-health', ['up', '-d']);
    run(undefined, ['down', '-v', '-t', '0']);
  } finally {
    const leftovers = await stackd.dispose();
    if (leftovers.length > 0) console.error(`stackd left ${leftovers.join(', ')}`);
    registry.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

/** docker-registry with a config of our own (the packaged one wants htpasswd auth), on 127.0.0.1 only. */
async function startRegistry(work: string, port: number): Promise<ChildProcess> {
  const config = join(work, 'registry.yml');
  writeFileSync(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(work, 'registry')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  await eventually(async () => {
    if ((await http('GET', `http://127.0.0.1:${port}/v2/`)).status !== 200) throw new Error('not yet');
  }, { timeoutMs: 20_000, what: 'docker-registry' });
  return child;
}

/** A two-layer image (busybox, then a config file) put into the registry through the distribution API. */
async function pushTwoLayerImage(work: string, host: string, name: string, tag: string): Promise<void> {
  const rootfs = makeBusyboxRootfs(join(work, 'rootfs'));
  const base = spawnSync('tar', ['-C', rootfs, '--numeric-owner', '--sort=name', '--mtime=2026-01-01', '-cf', '-', '.'], { maxBuffer: 1 << 30 }).stdout;
  const extra = join(work, 'extra');
  spawnSync('mkdir', ['-p', join(extra, 'etc')]);
  writeFileSync(join(extra, 'etc', 'cache.conf'), 'maxmemory 64mb\n');
  const top = spawnSync('tar', ['-C', extra, '--numeric-owner', '--sort=name', '--mtime=2026-01-01', '-cf', '-', '.']).stdout;
  const layers = [base, top].map((tar) => ({ tar, gz: gzipSync(tar) }));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: layers.map((l) => digest(l.tar)) } }));
  for (const blob of [config, ...layers.map((l) => l.gz)]) {
    const started = await http('POST', `http://${host}/v2/${name}/blobs/uploads/`);
    const location = new URL(started.headers.location as string, `http://${host}`);
    location.searchParams.set('digest', digest(blob));
    const put = await http('PUT', location.toString(), blob, { 'Content-Type': 'application/octet-stream' });
    if (put.status !== 201) throw new Error(`blob upload: ${put.status}`);
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: digest(config) },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: l.gz.length, digest: digest(l.gz) })),
  };
  const put = await http('PUT', `http://${host}/v2/${name}/manifests/${tag}`, Buffer.from(JSON.stringify(manifest)), { 'Content-Type': manifest.mediaType });
  if (put.status !== 201) throw new Error(`manifest upload: ${put.status}`);
}

function digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function http(method: string, url: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : { 'Content-Length': '0' }) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

await main();
// The recordings are what the views replay: a quick look that each parses and starts a pass.
for (const name of ['cold-up', 'recreate', 'scaled', 'down', 'failing-health']) {
  const first = JSON.parse(readFileSync(join(out, `${name}.jsonl`), 'utf8').split('\n')[0] as string) as { type: string };
  if (first.type !== 'pass.started') throw new Error(`${name}.jsonl does not start with pass.started`);
}
