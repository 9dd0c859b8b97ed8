import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { processRunner } from '../../../base/process-runner.ts';
import { containerError, detail } from './container-errors.ts';

/** mount/umount through the daemon's process runner; a failure carries the tool's stderr (for `detail`). */
async function run(file: string, args: readonly string[], options: { cwd?: string } = {}): Promise<void> {
  const result = await processRunner().run(file, args, { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, ...options });
  if (result.code !== 0) throw Object.assign(new Error(result.stderr.trim() || `${file} exited with ${result.code ?? result.signal}`), { stderr: result.stderr, code: result.code });
}

/** mount(2) takes one page of option data; keep a margin for the kernel's own additions. */
const MAX_OPTION_BYTES = 4000;

export interface OverlayLayout {
  /** The image's unpacked layers, bottom → top (the image store's order). */
  readonly layerDirs: readonly string[];
  /** Used when the image has no layer at all (`FROM scratch` with nothing added). */
  readonly emptyLower: string;
  readonly upper: string;
  readonly work: string;
  readonly target: string;
}

/**
 * The mount(8) arguments for an overlay: lowerdir lists the top layer first.
 * When absolute layer paths would not fit in a page, they are made relative
 * to the layers' common parent and mount runs there (`cwd`), as Docker's
 * overlay2 driver does with its chdir fallback.
 */
export function overlayMountArgs(layout: OverlayLayout, indexOff: boolean): { args: string[]; cwd?: string } {
  const lowers = layout.layerDirs.length > 0 ? [...layout.layerDirs].reverse() : [layout.emptyLower];
  const tail = `,upperdir=${layout.upper},workdir=${layout.work}${indexOff ? ',index=off' : ''}`;
  const absolute = `lowerdir=${lowers.join(':')}${tail}`;
  if (Buffer.byteLength(absolute) <= MAX_OPTION_BYTES) return { args: ['-t', 'overlay', 'overlay', '-o', absolute, layout.target] };
  const base = commonParent(lowers);
  const relativeOptions = `lowerdir=${lowers.map((l) => relative(base, l)).join(':')}${tail}`;
  return { args: ['-t', 'overlay', 'overlay', '-o', relativeOptions, layout.target], cwd: base };
}

function commonParent(paths: readonly string[]): string {
  let base = dirname(paths[0] ?? '/');
  while (!paths.every((p) => p === base || p.startsWith(base === sep ? sep : `${base}${sep}`))) base = dirname(base);
  return base;
}

/** Mounts a container's root filesystem: image layers below, the container's own upper dir on top. */
export async function mountOverlay(id: string, layout: OverlayLayout): Promise<void> {
  await Promise.all([mkdir(layout.upper, { recursive: true }), mkdir(layout.work, { recursive: true }), mkdir(layout.target, { recursive: true })]);
  if (layout.layerDirs.length === 0) await mkdir(layout.emptyLower, { recursive: true });
  if (await isMountPoint(layout.target)) return;
  const { args, cwd } = overlayMountArgs(layout, existsSync('/sys/module/overlay/parameters/index'));
  try {
    await run('mount', args, cwd ? { cwd } : {});
  } catch (error) {
    throw containerError('STK5212', 'Internal', {
      message: `could not mount the root filesystem of container ${id.slice(0, 12)}${detail(error)}`,
      hint: 'Check that the image layers exist and that the state root is on a filesystem overlayfs accepts as upper (ext4, xfs).',
      resource: `container:${id.slice(0, 12)}`,
      cause: error,
    });
  }
}

/** Unmounts it again; a busy mount (a leftover process holding it) is detached lazily so removal can proceed. */
export async function unmountOverlay(id: string, target: string): Promise<void> {
  if (!(await isMountPoint(target))) return;
  try {
    await run('umount', [target]);
  } catch {
    try {
      await run('umount', ['-l', target]);
    } catch (error) {
      throw containerError('STK5212', 'Internal', {
        message: `could not unmount the root filesystem of container ${id.slice(0, 12)}${detail(error)}`,
        hint: `Find what still uses ${target} (fuser -m), stop it, and remove the container again.`,
        resource: `container:${id.slice(0, 12)}`,
        cause: error,
      });
    }
  }
}

/**
 * True when a filesystem is mounted on `path`: its device differs from its
 * parent's (or it is a root). Enough for a container's rootfs, only ever an
 * overlay mount with a device of its own; a bind mount of the same
 * filesystem would not show. Two stats, where reading /proc/self/mountinfo
 * (a line per mount of the host, hundreds with many containers) costs more.
 */
export async function isMountPoint(path: string): Promise<boolean> {
  const [self, parent] = await Promise.all([stat(path), stat(dirname(path))]).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [undefined, undefined] as const;
    throw error;
  });
  return self !== undefined && parent !== undefined && (self.dev !== parent.dev || self.ino === parent.ino);
}

