import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from 'tar-stream';

type TarHeaders = Parameters<ReturnType<typeof pack>['entry']>[0];
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClient, type RuntimeClient } from '../../src/runtime/client/index.ts';
import { busyboxImage, ensureBusyboxImage } from '../helpers/docker-images.ts';
import { announceSkip, hasCommand } from '../helpers/requirements.ts';
import { missingStackd, startStackd, type StackdHandle } from '../helpers/stackd.ts';
import { uniqueId } from '../helpers/temp.ts';

const suite = 'stackd security: root-only socket, hostile layers through the API, a container\'s view of /proc';
const missing = missingStackd() ?? (hasCommand('setpriv') ? undefined : 'needs setpriv (util-linux)');
announceSkip(suite, missing);

async function tarOf(entries: readonly (TarHeaders & { content?: string })[]): Promise<Buffer> {
  const archive = pack();
  for (const { content, ...header } of entries) archive.entry({ mode: 0o644, ...header }, content ?? '');
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe.skipIf(missing)(suite, () => {
  let stackd: StackdHandle;
  let client: RuntimeClient & Disposable;
  const run = uniqueId(6);
  // Everything a hostile layer might aim at lives here: it must stay exactly as made.
  const sentinel = mkdtempSync('/tmp/stk-sentinel-');

  beforeAll(async () => {
    writeFileSync(join(sentinel, 'keep.txt'), 'untouched');
    stackd = await startStackd();
    client = await createRuntimeClient({ runtime: 'bundled', env: {}, socketPath: stackd.socketPath });
    await ensureBusyboxImage(client);
  });

  afterAll(async () => {
    client?.[Symbol.dispose]();
    rmSync(sentinel, { recursive: true, force: true });
    const leftovers = await stackd?.dispose();
    expect(leftovers).toEqual([]);
  });

  it('the socket is 0600 root: a process running as nobody cannot connect', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'curl', '-sS', '--unix-socket', stackd.socketPath, 'http://stackd/_ping'], (error, _stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stderr });
      });
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Permission denied|Couldn't connect/);
  });

  it('hostile layers imported through the API write nothing outside their layer', async () => {
    const image = (suffix: string) => `stack-test/hostile-${run}-${suffix}:latest`;
    const attempts: [string, Buffer][] = [
      ['dotdot', await tarOf([{ name: `../../../..${sentinel}/dotdot.txt`, content: 'x' }])],
      ['absolute', await tarOf([{ name: `${sentinel}/absolute.txt`, content: 'x' }])],
      ['symlink', await tarOf([{ name: 'out', type: 'symlink', linkname: sentinel }, { name: 'out/through-link.txt', content: 'x' }])],
      ['hardlink', await tarOf([{ name: 'hard', type: 'link', linkname: join(sentinel, 'keep.txt') }])],
      ['device', await tarOf([{ name: 'disk', type: 'block-device', devmajor: 8, devminor: 0 }])],
    ];
    const refused: string[] = [];
    for (const [suffix, tar] of attempts) {
      try {
        await client.importImage(tar, { reference: image(suffix) });
        await client.removeImage(image(suffix), { force: true });
      } catch (error) {
        expect(error).toMatchObject({ code: 'STK5020' });
        refused.push(suffix);
      }
    }
    // `..`, a hard link out of the layer and a device node are refused; an absolute name and a link are kept inside the layer.
    expect(refused).toEqual(['dotdot', 'hardlink', 'device']);
    expect(readdirSync(sentinel)).toEqual(['keep.txt']);
    expect(existsSync('/dotdot.txt')).toBe(false);
  });

  it('a container cannot read the host kernel memory (/proc/kcore) nor write /proc/sys', async () => {
    const { id } = await client.createContainer(`sec-proc-${run}`, {
      Image: busyboxImage,
      Cmd: ['sh', '-c', 'echo kcore=$(cat /proc/kcore 2>/dev/null | head -c 64 | wc -c); echo 1 > /proc/sys/vm/drop_caches && echo wrote || echo refused'],
    });
    await client.startContainer(id);
    await client.waitContainer(id);
    const lines: string[] = [];
    for await (const line of client.containerLogs(id, { stderr: false })) lines.push(line.line);
    expect(lines).toEqual(['kcore=0', 'refused']);
    await client.removeContainer(id);
  });
});
