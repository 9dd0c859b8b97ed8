import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxImage, busyboxImage } from '../helpers/docker-images.ts';
import { eventually } from '../helpers/eventually.ts';
import { freePort } from '../helpers/ports.ts';
import { announceSkip, hasCommand } from '../helpers/requirements.ts';
import { api, missingStackd, startStackd, type StackdHandle } from '../helpers/stackd.ts';
import { tempDir, uniqueId } from '../helpers/temp.ts';

const suite = 'stackd: docker-compose 1.29 drives it (up -d, ps, logs, down)';
const missing = missingStackd() ?? (hasCommand('docker-compose') ? undefined : 'needs docker-compose (v1.29, Debian package)');
announceSkip(suite, missing);

/** Services that end at once on SIGTERM (a shell trap), so down does not wait out grace periods. */
function composeFile(port: number): string {
  return `
services:
  web:
    image: ${busyboxImage}
    command: ["sh", "-c", "mkdir -p /www && echo \\"web sees $$(wget -q -O - http://api:8080/)\\" > /www/index.html && httpd -p 80 -h /www && echo web up && trap 'exit 0' TERM && while :; do sleep 0.1; done"]
    ports:
      - "127.0.0.1:${port}:80"
    depends_on:
      - api
  api:
    image: ${busyboxImage}
    command: ["sh", "-c", "mkdir -p /www && cat /data/greeting > /www/index.html && httpd -p 8080 -h /www && echo api up && trap 'exit 0' TERM && while :; do sleep 0.1; done"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "-", "http://localhost:8080/"]
      interval: 1s
    volumes:
      - data:/data
    entrypoint: ["sh", "-c", "echo hello-from-volume > /data/greeting && exec \\"$$@\\"", "--"]
volumes:
  data:
`;
}

describe.skipIf(missing)(suite, () => {
  let stackd: StackdHandle;
  const project = `stkcmp${uniqueId(6)}`;
  const dir = tempDir('stk-compose-');
  let port = 0;

  const compose = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile('docker-compose', ['-p', project, ...args], { cwd: dir.path, timeout: 120_000, env: { PATH: process.env.PATH ?? '', HOME: dir.path, DOCKER_HOST: stackd.dockerHost, COMPOSE_INTERACTIVE_NO_CLI: '1' } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) || 1 : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    stackd = await startStackd();
    await ensureBusyboxImage(stackd.socketPath);
    port = await freePort();
    writeFileSync(join(dir.path, 'docker-compose.yml'), composeFile(port));
  });

  afterAll(async () => {
    const leftovers = await stackd?.dispose();
    dir[Symbol.dispose]();
    expect(leftovers).toEqual([]);
  });

  it('up -d creates the network, the volume and both services, with compose labels; the published port answers with data that crossed DNS and the volume', async () => {
    const up = await compose('up', '-d');
    expect(up.code, up.stderr).toBe(0);
    const listed = (await api(stackd.socketPath, 'GET', `/containers/json?filters=${encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }))}`)).json as { Names: string[]; State: string; Labels: Record<string, string> }[];
    expect(listed.map((c) => [c.Names[0], c.State, c.Labels['com.docker.compose.service']]).sort()).toEqual([
      [`/${project}_api_1`, 'running', 'api'],
      [`/${project}_web_1`, 'running', 'web'],
    ]);
    const body = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      expect(response.status).toBe(200);
      return response.text();
    }, { what: 'the published port', timeoutMs: 20_000 });
    expect(body).toBe('web sees hello-from-volume\n');
  });

  it('ps shows both services up, the health of api, and the port', async () => {
    await eventually(async () => {
      const ps = await compose('ps');
      expect(ps.code).toBe(0);
      expect(ps.stdout).toMatch(new RegExp(`${project}_api_1 .* Up \\(healthy\\)`));
      expect(ps.stdout).toMatch(new RegExp(`${project}_web_1 .* Up .*127\\.0\\.0\\.1:${port}->80/tcp`));
    }, { what: 'api to become healthy in compose ps', timeoutMs: 30_000 });
  });

  it('logs prints each service\'s output with its prefix', async () => {
    const logs = await compose('logs', '--no-color');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/web_1 +\| web up/);
    expect(logs.stdout).toMatch(/api_1 +\| api up/);
  });

  it('down -v removes the containers, the network and the volume', async () => {
    const down = await compose('down', '-v');
    expect(down.code, down.stderr).toBe(0);
    const label = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }));
    expect((await api(stackd.socketPath, 'GET', `/containers/json?all=1&filters=${label}`)).json).toEqual([]);
    expect(((await api(stackd.socketPath, 'GET', `/networks?filters=${label}`)).json as unknown[]).length).toBe(0);
    expect(((await api(stackd.socketPath, 'GET', `/volumes?filters=${label}`)).json as { Volumes: unknown[] }).Volumes).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
