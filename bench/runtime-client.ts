/**
 * Runtime client figures against a real dockerd (prints, never asserts):
 *   1. loading dockerode (what the lazy import saves commands that never talk to an engine);
 *   2. per-call overhead: ping and a 50-container list through the client vs a bare HTTP request;
 *   3. engine round trips as the executor will make them: create+start+stop+remove, exec, wait;
 *   4. throughput: logs of 200k lines through framing + line splitting, and the same decoding offline.
 * Uses the test harness's dockerd (reused or started) and removes everything it made.
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createRuntimeClient, projectFilter, runExec, type RuntimeClient } from '../src/runtime/client/index.ts';
import { demuxFrames } from '../src/runtime/client/demux.ts';
import { toLogLines } from '../src/runtime/client/log-lines.ts';
import { busyboxImage, ensureBusyboxImage } from '../test/helpers/docker-images.ts';
import { ensureDockerd } from '../test/helpers/dockerd.ts';
import { uniqueId } from '../test/helpers/temp.ts';

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `median ${at(0.5).toFixed(2)} ms, p10 ${at(0.1).toFixed(2)}, p90 ${at(0.9).toFixed(2)}, n=${samples.length}`;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function repeat(n: number, run: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await timed(run));
  return out;
}

function rawGet(socketPath: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    req.on('error', reject);
    req.end();
  });
}

const idle = ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"];

async function main(): Promise<void> {
  const importMs = await timed(() => import('dockerode'));
  console.log(`import('dockerode') (first load in this process):      ${importMs.toFixed(1)} ms`);

  const dockerd = await ensureDockerd();
  const socketPath = dockerd.socketPath ?? '';
  const createMs = await timed(() => createRuntimeClient({ runtime: 'docker', env: dockerd.env }));
  const client = await createRuntimeClient({ runtime: 'docker', env: dockerd.env });
  console.log(`createRuntimeClient (dockerode already loaded):         ${createMs.toFixed(2)} ms`);
  const project = `stk-bench-${uniqueId()}`;
  const labels = { 'com.docker.compose.project': project };
  try {
    await ensureBusyboxImage(client);
    await client.ping();

    console.log(`ping, raw http:                                          ${stats(await repeat(300, () => rawGet(socketPath, '/v1.41/_ping')))}`);
    console.log(`ping, client:                                            ${stats(await repeat(300, () => client.ping()))}`);

    for (let i = 0; i < 50; i++) await client.createContainer(`${project}-list-${i}`, { Image: busyboxImage, Cmd: ['true'], Labels: labels });
    const filters = encodeURIComponent(JSON.stringify({ label: [projectFilter(project)] }));
    console.log(`list 50 containers, raw http + JSON.parse:               ${stats(await repeat(100, async () => JSON.parse(await rawGet(socketPath, `/v1.41/containers/json?all=1&filters=${filters}`))))}`);
    console.log(`list 50 containers, client (converted, sorted):          ${stats(await repeat(100, () => client.listContainers({ all: true, labels: [projectFilter(project)] })))}`);
    console.log(`inspect one container, client:                          ${stats(await repeat(200, () => client.inspectContainer(`${project}-list-0`)))}`);

    let n = 0;
    const cycle = await repeat(15, async () => {
      const { id } = await client.createContainer(`${project}-cycle-${n++}`, { Image: busyboxImage, Cmd: idle, Labels: labels });
      await client.startContainer(id);
      await client.stopContainer(id, { timeoutSeconds: 5 });
      await client.removeContainer(id);
    });
    console.log(`create + start + stop + remove (engine-bound):           ${stats(cycle)}`);

    const { id: box } = await client.createContainer(`${project}-exec`, { Image: busyboxImage, Cmd: idle, Labels: labels });
    await client.startContainer(box);
    console.log(`exec \`true\` to exit code (create, start, inspect):       ${stats(await repeat(40, () => runExec(client, box, { cmd: ['true'] })))}`);
    console.log(`create + start + wait for exit (true):                ${stats(await repeat(5, async () => {
      const { id } = await client.createContainer(undefined, { Image: busyboxImage, Cmd: ['true'], Labels: labels });
      await client.startContainer(id);
      await client.waitContainer(id);
    }))}`);

    const { id: chatty } = await client.createContainer(`${project}-logs`, { Image: busyboxImage, Cmd: ['sh', '-c', 'seq 1 200000; seq 1 1000 >&2'], Labels: labels });
    await client.startContainer(chatty);
    await client.waitContainer(chatty);
    let lines = 0;
    let bytes = 0;
    const logsMs = await timed(async () => {
      for await (const line of client.containerLogs(chatty, { tty: false })) {
        lines++;
        bytes += line.line.length + 1;
      }
    });
    console.log(`logs, 201k lines from the engine:                        ${logsMs.toFixed(0)} ms, ${((lines / logsMs) * 1000).toFixed(0)} lines/s, ${(bytes / 1024 / 1024 / (logsMs / 1000)).toFixed(1)} MiB/s`);
  } finally {
    await cleanup(client, project);
    await dockerd.dispose();
  }
  offlineDecoding();
}

async function cleanup(client: RuntimeClient, project: string): Promise<void> {
  for (const c of await client.listContainers({ all: true, labels: [projectFilter(project)] })) await client.removeContainer(c.id, { force: true });
}

/** The framing + line splitting alone, on 64 KiB chunks of 1M framed lines: the client's own cost per log line. */
function offlineDecoding(): void {
  const frames: Buffer[] = [];
  for (let i = 0; i < 1_000_000; i++) {
    const data = Buffer.from(`2024-05-01T10:00:00.000000000Z line number ${i} with some typical log text\n`);
    const header = Buffer.alloc(8);
    header[0] = i % 10 === 0 ? 2 : 1;
    header.writeUInt32BE(data.length, 4);
    frames.push(header, data);
  }
  const all = Buffer.concat(frames);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < all.length; offset += 65536) chunks.push(all.subarray(offset, offset + 65536));
  void (async () => {
    let count = 0;
    const ms = await timed(async () => {
      for await (const line of toLogLines(demuxFrames(Readable.from(chunks)), { timestamps: true })) if (line.line) count++;
    });
    console.log(`offline demux + lines + timestamps, ${count} lines:      ${ms.toFixed(0)} ms, ${((count / ms) * 1000).toFixed(0)} lines/s, ${(all.length / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s`);
  })();
}

await main();
