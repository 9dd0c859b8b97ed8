import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isMountPoint, mountOverlay, unmountOverlay } from '../../src/runtime/daemon/containers/rootfs.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';

const suite = 'containers: a container rootfs as an overlay mount';
const missing = missingRequirements({ root: true, commands: ['mount', 'umount'] });
announceSkip(suite, missing);

/** Lines of /proc/self/mountinfo whose mount point is `path`. */
function mountsAt(path: string): number {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.split(' ')[4] === path).length;
}

describe.skipIf(missing)(suite, () => {
  let root: ReturnType<typeof tempDir> | undefined;

  afterEach(() => {
    if (root) {
      const target = join(root.path, 'c', 'rootfs');
      while (mountsAt(target) > 0) execFileSync('umount', ['-l', target]);
      root[Symbol.dispose]();
      root = undefined;
    }
  });

  it('mounts once, tells a mounted rootfs from a plain directory, and unmounts once', async () => {
    root = tempDir('stk-rootfs-');
    const layer = join(root.path, 'layer');
    mkdirSync(join(layer, 'etc'), { recursive: true });
    writeFileSync(join(layer, 'etc', 'os-release'), 'ID=busybox\n');
    const dir = join(root.path, 'c');
    const layout = { layerDirs: [layer], emptyLower: join(dir, 'empty'), upper: join(dir, 'upper'), work: join(dir, 'work'), target: join(dir, 'rootfs') };

    expect(await isMountPoint(layout.target)).toBe(false);
    await mountOverlay('c'.repeat(64), layout);
    expect(await isMountPoint(layout.target)).toBe(true);
    expect(readFileSync(join(layout.target, 'etc', 'os-release'), 'utf8')).toBe('ID=busybox\n');
    // A second start of the same container finds it mounted: nothing is stacked on top.
    await mountOverlay('c'.repeat(64), layout);
    expect(mountsAt(layout.target)).toBe(1);

    await unmountOverlay('c'.repeat(64), layout.target);
    expect(mountsAt(layout.target)).toBe(0);
    expect(await isMountPoint(layout.target)).toBe(false);
    await unmountOverlay('c'.repeat(64), layout.target);
    expect(await isMountPoint(join(dir, 'missing'))).toBe(false);
  });
});
