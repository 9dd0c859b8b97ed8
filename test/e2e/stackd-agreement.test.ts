import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeLabel, projectFilter, type RuntimeClient } from '../../src/runtime/client/index.ts';
import { busyboxImage } from '../helpers/docker-images.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip, repoRoot } from '../helpers/requirements.ts';
import { uniqueId } from '../helpers/temp.ts';
import { collect, dockerFactory, freePort, type RuntimeTarget, type TargetFactory } from './harness.ts';
import { stackdFactory } from './stackd-factory.ts';

/**
 * One project brought up on Docker and on stackd by the same CLI: what a
 * user can observe must be the same (containers, their names, Compose
 * labels, states, exit codes and health; networks and volumes; published
 * ports answering with the same content).
 */
const missing = dockerFactory.missing ?? stackdFactory.missing;
announceSkip('stackd agrees with Docker', missing);

function composeFile(port: number, subnet: string): string {
  return `
services:
  web:
    image: ${busyboxImage}
    command: ["sh", "-c", "mkdir -p /www && echo \\"web sees $$(wget -q -O - http://api:8080/)\\" > /www/index.html && httpd -p 80 -h /www && trap 'exit 0' TERM && sleep 3600 & wait"]
    ports: ["127.0.0.1:${port}:80"]
    depends_on:
      api: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
  api:
    image: ${busyboxImage}
    command: ["sh", "-c", "mkdir -p /www && cat /data/seed > /www/index.html && httpd -p 8080 -h /www && trap 'exit 0' TERM && sleep 3600 & wait"]
    volumes: [data:/data]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "-", "http://localhost:8080/"]
      interval: 300ms
      retries: 50
    depends_on:
      migrate: { condition: service_completed_successfully }
  migrate:
    image: ${busyboxImage}
    command: ["sh", "-c", "echo api-content > /data/seed"]
    volumes: [data:/data]
  broken:
    image: ${busyboxImage}
    command: ["sh", "-c", "echo failing; exit 3"]
    deploy: { replicas: 2 }
volumes:
  data: {}
networks:
  default:
    ipam:
      config:
        - subnet: "${subnet}"
`;
}

interface Observation {
  readonly containers: readonly Record<string, unknown>[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
  readonly page: string;
}

/** The same project, directory and port on one runtime: up, observe, down -v. */
async function observe(factory: TargetFactory, dir: string, project: string, port: number): Promise<Observation> {
  const target: RuntimeTarget = await factory.open();
  const stack = (...args: string[]) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'stack'), '--progress', 'plain', '-p', project, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...target.env, STACK_RUNTIME: target.runtime },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return collect(child);
  };
  try {
    const up = await stack('up', '-d');
    expect(up.code, up.stderr).toBe(0);
    const client: RuntimeClient = target.client;
    await eventually(async () => {
      const states = (await client.listContainers({ all: true, labels: [projectFilter(project)] })).map((c) => c.state);
      expect(states.filter((s) => s === 'exited')).toHaveLength(3);
    }, { what: 'the one-shot and failing services to end', timeoutMs: 30_000 });
    const page = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      expect(response.status).toBe(200);
      return response.text();
    }, { what: 'the published port', timeoutMs: 30_000 });
    const listed = await client.listContainers({ all: true, labels: [projectFilter(project)] });
    const containers = await Promise.all(
      listed.map(async (c) => {
        const details = await client.inspectContainer(c.id);
        const labels = Object.fromEntries(Object.entries(c.labels).filter(([k]) => k.startsWith('com.docker.compose.') && k !== composeLabel.version && k !== 'com.docker.compose.image'));
        return { name: c.name, labels, state: details.state, exitCode: details.exitCode ?? 0, health: details.health ?? 'none', ports: details.ports.filter((p) => p.hostPort !== undefined).map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`) };
      }),
    );
    const networks = (await client.listNetworks({ labels: [projectFilter(project)] })).map((n) => n.name).sort();
    const volumes = (await client.listVolumes({ labels: [projectFilter(project)] })).map((v) => v.name).sort();
    const down = await stack('down', '-v');
    expect(down.code, down.stderr).toBe(0);
    expect(await client.listContainers({ all: true, labels: [projectFilter(project)] })).toEqual([]);
    return { containers: containers.sort((a, b) => (a.name < b.name ? -1 : 1)), networks, volumes, page };
  } finally {
    await stack('down', '-v').catch(() => undefined);
    await target.dispose();
  }
}

describe.skipIf(missing)('stackd agrees with Docker: the same project observed on both runtimes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stk-agree-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('containers, names, labels, states, exit codes, health, networks, volumes and the published page are the same', async () => {
    const project = `agree${uniqueId(6)}`;
    const port = await freePort();
    writeFileSync(join(dir, 'compose.yaml'), composeFile(port, `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/24`));
    const onDocker = await observe(dockerFactory, dir, project, port);
    const onStackd = await observe(stackdFactory, dir, project, port);
    expect(onDocker.page).toBe('web sees api-content\n');
    expect(onDocker.containers.map((c) => [c.name, c.state, c.exitCode, c.health])).toEqual([
      [`${project}-api-1`, 'running', 0, 'healthy'],
      [`${project}-broken-1`, 'exited', 3, 'none'],
      [`${project}-broken-2`, 'exited', 3, 'none'],
      [`${project}-migrate-1`, 'exited', 0, 'none'],
      [`${project}-web-1`, 'running', 0, 'none'],
    ]);
    expect(onStackd).toEqual(onDocker);
  });
});
