import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusyboxTar } from '../helpers/busybox.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip, hasCommand } from '../helpers/requirements.ts';
import { missingStackd, startStackd, type StackdHandle } from '../helpers/stackd.ts';
import { tempDir, uniqueId } from '../helpers/temp.ts';

const suite = 'stackd: the real docker CLI against its socket';
const missing = missingStackd() ?? (hasCommand('docker') ? undefined : 'needs the docker CLI (docker.io)');
announceSkip(suite, missing);

describe.skipIf(missing)(suite, () => {
  let stackd: StackdHandle;
  const run = uniqueId(6);
  const image = `stack-test/cli-${run}:latest`;
  const work = tempDir('stk-cli-');

  /** docker -H unix://<stackd> ...; resolves with the exit status and both outputs. */
  const docker = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile('docker', ['-H', stackd.dockerHost, ...args], { timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: work.path } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) || 1 : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    stackd = await startStackd();
    const tar = makeBusyboxTar(work.path);
    const imported = await docker('import', '--change', 'CMD ["sh"]', tar, image);
    expect(imported.code, imported.stderr).toBe(0);
  });

  afterAll(async () => {
    const leftovers = await stackd?.dispose();
    work[Symbol.dispose]();
    expect(leftovers).toEqual([]);
  });

  it('images lists the imported image; version names stackd and API 1.41', async () => {
    const images = await docker('images', '--format', '{{.Repository}}:{{.Tag}}');
    expect(images.stdout.split('\n')).toContain(image);
    const version = await docker('version', '--format', '{{.Server.APIVersion}} {{.Server.Platform.Name}}');
    expect(version.stdout.trim()).toMatch(/^1\.41 stackd/);
  });

  it('run --rm attaches, prints the output and removes the container; the exit code is the command\'s', async () => {
    const hello = await docker('run', '--rm', image, 'sh', '-c', 'echo hello from stackd; echo to stderr >&2');
    expect(hello).toMatchObject({ code: 0, stdout: 'hello from stackd\n', stderr: 'to stderr\n' });
    expect((await docker('run', '--rm', image, 'sh', '-c', 'exit 3')).code).toBe(3);
    expect((await docker('ps', '-aq')).stdout.trim()).toBe('');
  });

  it('run --network none: the container has loopback only, and up', async () => {
    const links = await docker('run', '--rm', '--network', 'none', image, 'ip', '-o', 'link', 'show');
    expect(links.code).toBe(0);
    const lines = links.stdout.trim().split('\n');
    expect(lines.map((l) => /^\d+:\s+([^:@]+)/.exec(l)?.[1])).toEqual(['lo']);
    expect(lines[0]).toMatch(/<[^>]*\bUP\b[^>]*>/);
    const ping = await docker('run', '--rm', '--network', 'none', image, 'ping', '-c', '1', '-W', '2', '127.0.0.1');
    expect(ping.code).toBe(0);
  });

  it('run -d, ps, logs, exec, inspect, rm -f', async () => {
    const name = `cli-web-${run}`;
    const started = await docker('run', '-d', '--name', name, '-e', 'GREETING=hi', image, 'sh', '-c', "echo started $GREETING; trap 'exit 0' TERM; while :; do sleep 0.1; done");
    expect(started.code, started.stderr).toBe(0);
    const id = started.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);

    const ps = await docker('ps', '--format', '{{.ID}} {{.Names}} {{.Status}}');
    expect(ps.stdout).toContain(`${id.slice(0, 12)} ${name} Up`);
    await eventually(async () => expect((await docker('logs', name)).stdout).toBe('started hi\n'), { what: 'the first line in docker logs' });

    const exec = await docker('exec', name, 'sh', '-c', 'echo $GREETING from exec; exit 5');
    expect(exec).toMatchObject({ code: 5, stdout: 'hi from exec\n' });

    const inspect = JSON.parse((await docker('inspect', name)).stdout) as { Id: string; Name: string; State: { Running: boolean }; Config: { Env: string[] } }[];
    expect(inspect[0]).toMatchObject({ Id: id, Name: `/${name}`, State: { Running: true } });
    expect(inspect[0]?.Config.Env).toContain('GREETING=hi');

    expect((await docker('rm', '-f', name)).code).toBe(0);
    expect((await docker('ps', '-a', '--format', '{{.Names}}')).stdout).not.toContain(name);
    const gone = await docker('inspect', name);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('No such object');
  });

  it('volume create and ls; network create and ls', async () => {
    const volume = `cli-vol-${run}`;
    expect((await docker('volume', 'create', volume)).code).toBe(0);
    expect((await docker('volume', 'ls', '--format', '{{.Name}}')).stdout.split('\n')).toContain(volume);
    const network = `cli-net-${run}`;
    expect((await docker('network', 'create', network)).code).toBe(0);
    expect((await docker('network', 'ls', '--format', '{{.Name}}')).stdout.split('\n')).toContain(network);
    const writer = await docker('run', '--rm', '--network', network, '-v', `${volume}:/data`, image, 'sh', '-c', 'echo kept > /data/f; cat /data/f');
    expect(writer).toMatchObject({ code: 0, stdout: 'kept\n' });
    expect((await docker('run', '--rm', '-v', `${volume}:/data`, image, 'cat', '/data/f')).stdout).toBe('kept\n');
    expect((await docker('network', 'rm', network)).code).toBe(0);
    expect((await docker('volume', 'rm', volume)).code).toBe(0);
  });

  it('an error is Docker-shaped: the CLI prints the daemon\'s message and fails', async () => {
    const result = await docker('start', `no-such-${run}`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`No such container: no-such-${run}`);
  });
});
