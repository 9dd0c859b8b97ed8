import { execFileSync } from 'node:child_process';
import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBusyboxRootfs } from '../helpers/busybox.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';

const missing = missingRequirements({ root: true, commands: ['busybox', 'chroot'] });
announceSkip('busybox rootfs helper', missing);

describe.skipIf(missing)('makeBusyboxRootfs', () => {
  it('makes a rootfs whose /bin/sh runs under chroot', () => {
    using dir = tempDir('bb-');
    const rootfs = makeBusyboxRootfs(join(dir.path, 'rootfs'));
    expect(lstatSync(join(rootfs, 'bin/sh')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(rootfs, 'bin/sh'))).toBe('/bin/busybox');
    expect(execFileSync('chroot', [rootfs, '/bin/sh', '-c', 'echo ok; id -un'], { encoding: 'utf8' })).toBe('ok\nroot\n');
  });
});
