import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's busybox-static puts its binary. */
export const BUSYBOX = '/bin/busybox';

/**
 * Makes a minimal root filesystem from busybox-static: /bin/busybox with an
 * applet symlink for each command (`busybox --install -s`), /etc/passwd and
 * /etc/group with root and nobody, and the usual empty directories. This is
 * the base of every test image: nothing is ever pulled from the internet.
 */
export function makeBusyboxRootfs(dir: string): string {
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: install busybox-static (bash scripts/setup as root)`);
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'tmp', 'var', 'root', 'home', 'proc', 'sys', 'dev', 'run']) mkdirSync(join(dir, d), { recursive: true });
  execFileSync('cp', [BUSYBOX, join(dir, 'bin/busybox')]);
  // --install -s writes absolute symlinks under the given root when run through chroot; do it by hand instead.
  const applets = execFileSync(BUSYBOX, ['--list-full'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const applet of applets) {
    const target = join(dir, applet);
    if (applet === 'bin/busybox' || existsSync(target)) continue;
    mkdirSync(join(target, '..'), { recursive: true });
    execFileSync('ln', ['-s', '/bin/busybox', target]);
  }
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  execFileSync('chmod', ['1777', join(dir, 'tmp')]);
  return dir;
}

/** The same rootfs as a tar file (for `docker import`, `stack image import`). */
export function makeBusyboxTar(workDir: string): string {
  const rootfs = makeBusyboxRootfs(join(workDir, 'rootfs'));
  const tar = join(workDir, 'busybox-rootfs.tar');
  execFileSync('tar', ['-C', rootfs, '--numeric-owner', '-cf', tar, '.']);
  return tar;
}
