import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, readlinkSync, statSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStore } from '../../src/runtime/daemon/images/index.ts';
import { makeBusyboxTar } from '../helpers/busybox.ts';
import { type DockerdHandle, ensureDockerd, missingDockerd } from '../helpers/dockerd.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir, uniqueId } from '../helpers/temp.ts';

const missing = missingRequirements({ root: true, commands: ['docker', 'tar', 'busybox'] }) ?? missingDockerd();
announceSkip('image store against a real docker', missing);

/** Archives crossing between the store and a real dockerd (20.10): both directions keep image ids. */
describe.skipIf(missing)('image store against a real docker', () => {
  let dockerd: DockerdHandle;
  let work: ReturnType<typeof tempDir>;
  const refs = [`stack-test/images-${uniqueId(8)}:docker`, `stack-test/images-${uniqueId(8)}:ours`];
  const docker = (...args: string[]): string => execFileSync('docker', ['-H', dockerd.dockerHost, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();

  beforeAll(async () => {
    dockerd = await ensureDockerd();
    work = tempDir('stk-img-dkr-');
  });

  afterAll(async () => {
    try {
      for (const ref of refs) execFileSync('docker', ['-H', dockerd.dockerHost, 'rmi', '--force', ref], { stdio: 'ignore' });
    } catch {
      // The image may not have been made; nothing to remove then.
    } finally {
      work?.[Symbol.dispose]();
      await dockerd?.dispose();
    }
  });

  it('loads a real `docker save` of an imported busybox, with the id docker gives it', async () => {
    const tar = makeBusyboxTar(join(work.path, 'a'));
    const dockerId = docker('import', '--change', 'CMD ["sh"]', tar, refs[0]!);
    const archive = join(work.path, 'docker-save.tar');
    docker('save', '-o', archive, refs[0]!);

    const store = await ImageStore.open({ directory: join(work.path, 'store-a') });
    const loaded = await store.load(createReadStream(archive));
    expect(loaded.map((image) => image.id)).toEqual([dockerId]);
    expect(store.inspect(refs[0]!).Config.Cmd).toEqual(['sh']);
    const [layer] = (await store.resolve(refs[0]!)).layerDirs;
    expect(statSync(join(layer!, 'bin', 'busybox')).size).toBe(statSync('/bin/busybox').size);
    expect(readlinkSync(join(layer!, 'bin', 'sh'))).toBe('/bin/busybox');
  });

  it('our save loads into docker with the same id, and docker runs it', async () => {
    const store = await ImageStore.open({ directory: join(work.path, 'store-b') });
    const image = await store.importRootfs({ tarFile: makeBusyboxTar(join(work.path, 'b')) }, refs[1]!, { changes: ['CMD ["sh"]'] });
    const archive = join(work.path, 'our-save.tar');
    await pipeline(await store.save([refs[1]!]), createWriteStream(archive));
    expect(docker('load', '-i', archive)).toContain(`Loaded image: ${refs[1]!}`);
    expect(docker('image', 'inspect', '--format', '{{.Id}}', refs[1]!)).toBe(image.Id);
    expect(docker('run', '--rm', '--network', 'none', refs[1]!, 'sh', '-c', 'echo ok-$((6*7))')).toBe('ok-42');
    expect(readFileSync(archive).byteLength).toBeGreaterThan(0);
  });
});
