/**
 * Networking figures for stackd (prints, never asserts):
 *   1. a container's namespace + veth + address + route (the 2 `ip` execs), and
 *      the whole attach/detach through the NetworkManager (records, fsyncs, DNS table);
 *   2. the userspace port proxy against a direct connection on loopback:
 *      throughput (one stream) and request/response latency.
 * Part 1 needs root and uses its own instance id and a random 10.2xx.y.0/24; it removes everything it made.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanupInstance } from '../src/net/cleanup-instance.ts';
import { NetworkManager } from '../src/net/network-manager.ts';
import { createContainerNetns, deleteContainerNetns } from '../src/net/netns.ts';
import { publishPorts } from '../src/net/port-proxy.ts';

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

async function benchNamespaces(): Promise<void> {
  const instance = randomBytes(2).toString('hex');
  const root = mkdtempSync(join(tmpdir(), 'stk-bench-net-'));
  const prefix = `10.${randomInt(200, 256)}.${randomInt(0, 256)}`;
  const manager = await NetworkManager.open({ root, instance, pools: [{ base: `${prefix}.0/24`, size: 25 }], dnsUpstreams: [] });
  try {
    const network = await manager.createNetwork({ name: `bench-${instance}` });
    const setup: number[] = [];
    const teardown: number[] = [];
    for (let i = 0; i < 40; i++) {
      const netns = `stk${instance}-bench${String(i).padStart(7, '0')}`;
      const veth = `vs${instance}${String(i).padStart(6, '0')}`;
      const endpoint = { hostVeth: veth, bridge: network.bridge, interface: 'eth0', addressCidr: `${prefix}.${10 + i}/25`, mac: `02:42:0a:00:00:${(10 + i).toString(16).padStart(2, '0')}` };
      setup.push(await timed(() => createContainerNetns(netns, [endpoint], network.ipam.gateway)));
      teardown.push(await timed(() => deleteContainerNetns(netns, [veth])));
    }
    console.log(`netns + veth + address + default route (2 ip execs):  ${stats(setup)}`);
    console.log(`netns + veth removal (1 ip exec):                      ${stats(teardown)}`);

    const attach: number[] = [];
    const detach: number[] = [];
    for (let i = 0; i < 30; i++) {
      const id = randomBytes(32).toString('hex');
      attach.push(await timed(() => manager.attachContainer(id, { name: `bench-${i}`, networkMode: 'bridge', networks: [{ network: network.name, aliases: ['svc'] }] })));
      detach.push(await timed(() => manager.detachContainer(id)));
    }
    console.log(`NetworkManager.attachContainer (all steps, records):  ${stats(attach)}`);
    console.log(`NetworkManager.detachContainer:                       ${stats(detach)}`);
    const ids = Array.from({ length: 20 }, () => randomBytes(32).toString('hex'));
    const parallel = await timed(() => Promise.all(ids.map((id, i) => manager.attachContainer(id, { name: `bench-p${i}`, networkMode: 'bridge', networks: [{ network: network.name }] }))));
    console.log(`20 concurrent attaches (serialised):                  ${parallel.toFixed(1)} ms total, ${(parallel / 20).toFixed(2)} ms each`);
    const created = await timed(() => manager.createNetwork({ name: `bench2-${instance}` }));
    console.log(`createNetwork (bridge, NAT render, DNS listener):     ${created.toFixed(2)} ms`);
  } finally {
    await manager.cleanupInstance();
    await cleanupInstance(instance);
    rmSync(root, { recursive: true, force: true });
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return (server.address() as { port: number }).port;
}

function dial(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.setNoDelay(true);
    socket.on('error', reject);
  });
}

/** MB/s of one stream of `total` bytes through `port` into the sink, until the sink has seen the end. */
async function throughput(port: number, sinkDone: () => Promise<void>, total: number): Promise<number> {
  const done = sinkDone();
  const socket = await dial(port);
  const chunk = Buffer.alloc(256 * 1024, 7);
  const start = performance.now();
  for (let sent = 0; sent < total; sent += chunk.length) if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
  socket.end();
  await done;
  return total / 1e6 / ((performance.now() - start) / 1000);
}

/** Round trips of one byte (a ping-pong), in microseconds. */
async function latency(port: number, rounds: number): Promise<number[]> {
  const socket = await dial(port);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write('x');
    });
    samples.push((performance.now() - start) * 1000);
  }
  socket.destroy();
  return samples;
}

async function benchProxy(): Promise<void> {
  const total = 512 * 1024 * 1024;
  let finished: () => void = () => {};
  const sink = createServer((socket) => {
    socket.resume();
    socket.on('end', () => {
      socket.end();
      finished();
    });
  });
  const sinkPort = await listen(sink);
  const sinkDone = () => new Promise<void>((resolve) => (finished = resolve));
  const echo = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (d) => socket.write(d));
    socket.on('error', () => {});
  });
  const echoPort = await listen(echo);
  const proxied = await publishPorts(
    [
      { containerPort: sinkPort, protocol: 'tcp', hostIp: '127.0.0.1' },
      { containerPort: echoPort, protocol: 'tcp', hostIp: '127.0.0.1' },
    ],
    () => '127.0.0.1',
  );
  try {
    const [sinkProxy, echoProxy] = proxied.ports.map((p) => p.hostPort) as [number, number];
    for (const [label, port] of [['direct', sinkPort], ['proxy ', sinkProxy]] as const) {
      const rate = await throughput(port, sinkDone, total);
      console.log(`TCP throughput, one stream, ${label} (512 MiB):         ${rate.toFixed(0)} MB/s`);
    }
    for (const [label, port] of [['direct', echoPort], ['proxy ', echoProxy]] as const) {
      await latency(port, 200);
      const samples = (await latency(port, 3000)).sort((a, b) => a - b);
      const at = (q: number) => (samples[Math.floor(q * samples.length)] as number).toFixed(0);
      console.log(`TCP 1-byte round trip, ${label}:                       median ${at(0.5)} µs, p90 ${at(0.9)}, p99 ${at(0.99)}, n=${samples.length}`);
    }
    const connects: number[] = [];
    for (let i = 0; i < 300; i++) connects.push(await timed(async () => {
      const socket = await dial(echoProxy);
      await new Promise<void>((resolve) => {
        socket.once('data', () => resolve());
        socket.write('x');
      });
      socket.destroy();
    }));
    console.log(`connect + first byte back through the proxy:          ${stats(connects)}`);
  } finally {
    await proxied.close();
    sink.close();
    echo.close();
  }
}

console.log(`bench/net on ${process.platform} ${process.arch}, node ${process.version}`);
if (process.getuid?.() === 0) await benchNamespaces();
else console.log('not root: skipping the namespace figures');
await benchProxy();
