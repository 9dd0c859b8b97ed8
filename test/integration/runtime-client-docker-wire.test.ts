import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClient, runExec, type PullProgress, type RuntimeClient } from '../../src/runtime/client/index.ts';
import { busyboxImage, ensureBusyboxImage } from '../helpers/docker-images.ts';
import { ensureDockerd, missingDockerd, type DockerdHandle } from '../helpers/dockerd.ts';
import { eventually } from '../helpers/eventually.ts';
import { freePort } from '../helpers/ports.ts';
import { announceSkip, hasCommand } from '../helpers/requirements.ts';
import { tempDir, uniqueId } from '../helpers/temp.ts';
import { makeTar } from './runtime-client-tar.ts';

/**
 * Docker-only checks of the client's wire: a tcp:// DOCKER_HOST (through a
 * loopback forwarder to the daemon's socket, hijacked exec included), and a
 * real pull with per-layer progress from a docker-registry on 127.0.0.1,
 * seeded through Docker's own push endpoint (not part of RuntimeClient).
 */

const missing = missingDockerd();
announceSkip('runtime client wire (docker)', missing);

describe.skipIf(missing)('runtime client wire: docker', () => {
  let dockerd: DockerdHandle;
  let client: RuntimeClient & Disposable;
  const run = uniqueId(8);
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    dockerd = await ensureDockerd();
    client = await createRuntimeClient({ runtime: 'docker', env: dockerd.env });
    await ensureBusyboxImage(client);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    client?.[Symbol.dispose]();
    await dockerd?.dispose();
  });

  it('the busybox test image is found by socket path as by client (imported once per engine)', async () => {
    expect(await ensureBusyboxImage(dockerd.socketPath ?? '')).toBe(await ensureBusyboxImage(client));
  });

  it('a tcp:// DOCKER_HOST reaches the engine, hijacked exec included', async () => {
    const socketPath = dockerd.socketPath;
    if (!socketPath) return expect(dockerd.dockerHost).toMatch(/^tcp:/);
    // Half-open both ways, as any proxy of hijacked streams must be: stdin's EOF must not cut the output.
    const forwarder: Server = createServer({ allowHalfOpen: true }, (inbound) => {
      const outbound = connect({ path: socketPath, allowHalfOpen: true });
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => void forwarder.close());
    const port = (forwarder.address() as AddressInfo).port;
    const tcp = await createRuntimeClient({ runtime: 'docker', env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
    cleanups.push(() => tcp[Symbol.dispose]());
    expect(tcp.endpoint.address).toBe(`tcp://127.0.0.1:${port}`);
    await tcp.ping();
    const name = `stk-wire-${run}-tcp`;
    const { id } = await tcp.createContainer(name, { Image: busyboxImage, Cmd: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"], Labels: { 'dev.stack.test-run': run } });
    cleanups.push(() => client.removeContainer(id, { force: true }));
    await tcp.startContainer(id);
    expect(await runExec(tcp, id, { cmd: ['sh', '-c', 'cat; echo over tcp >&2'], input: 'in\n' })).toEqual({ exitCode: 0, stdout: 'in\n', stderr: 'over tcp\n' });
  });

  const registry = hasCommand('docker-registry') ? undefined : 'needs `docker-registry`';
  announceSkip('pull from a local registry', registry);
  it.skipIf(registry)('pull from a registry on 127.0.0.1 reports per-layer progress and the digest', async () => {
    const port = await freePort();
    const dir = tempDir('stk-registry-');
    cleanups.push(() => dir[Symbol.dispose]());
    const config = join(dir.path, 'config.yml');
    writeFileSync(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir.path, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
    const server: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
    cleanups.push(() => stopProcess(server));
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${port}/v2/`)).status).toBe(200), { what: 'docker-registry to answer', timeoutMs: 20_000 });

    // A one-layer image of incompressible bytes, so the pull has a real download to report.
    const reference = `127.0.0.1:${port}/stack-test/pulled-${run}:v1`;
    const { id } = await client.importImage(await makeTar([{ name: 'blob.bin', content: randomBytes(3 * 1024 * 1024) }]), { reference });
    cleanups.push(async () => {
      await client.removeImage(reference, { force: true }).catch(() => {});
    });
    await pushThroughDocker(dockerd.socketPath ?? '', reference);
    await client.removeImage(id, { force: true });
    await expect(client.inspectImage(reference)).rejects.toMatchObject({ code: 'STK5006' });

    const progress: PullProgress[] = [];
    const { digest } = await client.pullImage(reference, { onProgress: (p) => progress.push(p) });
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await client.inspectImage(reference)).repoDigests).toContain(`127.0.0.1:${port}/stack-test/pulled-${run}@${digest}`);
    const layered = progress.filter((p) => p.layer !== undefined && p.total !== undefined);
    expect(layered.length).toBeGreaterThan(0);
    for (const p of layered) expect(p.current ?? 0).toBeLessThanOrEqual(p.total ?? 0);
    expect(progress.map((p) => p.status)).toContain('Pull complete');
  });
});

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  await exited;
}

/** `POST /images/{name}/push`: Docker's own endpoint, used here only to seed the registry. */
function pushThroughDocker(socketPath: string, reference: string): Promise<void> {
  const colon = reference.lastIndexOf(':');
  const path = `/v1.41/images/${reference.slice(0, colon)}/push?tag=${encodeURIComponent(reference.slice(colon + 1))}`;
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'POST', headers: { 'X-Registry-Auth': 'e30=' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => (res.statusCode === 200 && !body.includes('"error"') ? resolve() : reject(new Error(`push failed (${res.statusCode}): ${body.slice(-500)}`))));
    });
    req.on('error', reject);
    req.end();
  });
}
