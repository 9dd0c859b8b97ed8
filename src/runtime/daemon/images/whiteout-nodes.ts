import { spawn } from 'node:child_process';
import tar from 'tar-stream';
import { storeFailure } from './image-errors.ts';

/**
 * Creates overlayfs whiteouts (character devices 0/0) at the given paths,
 * relative to `root`. Node has no mknod, and one `mknod` process per
 * whiteout costs a fork each (an opaque /usr/lib can need thousands), so the
 * whole batch goes to one GNU tar process as an archive of 0/0 device entries.
 *
 * Callers guarantee every parent is a real directory inside the root (the
 * paths come from the in-root resolver) and that nothing exists at the paths.
 * `--keep-old-files` makes tar fail rather than replace anything if that ever
 * stops being true.
 */
export async function createWhiteoutNodes(root: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
  if (paths.length === 0) return;
  const child = spawn('tar', ['--extract', '--file=-', `--directory=${root}`, '--keep-old-files', '--numeric-owner'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    signal,
  });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  // An EPIPE here means tar died early; its exit status below says why.
  child.stdin.on('error', () => undefined);
  const pack = tar.pack();
  pack.pipe(child.stdin);
  for (const path of paths) pack.entry({ name: path, type: 'character-device', mode: 0, uid: 0, gid: 0, devmajor: 0, devminor: 0, mtime: new Date(0) });
  pack.finalize();
  let code: number | null;
  try {
    code = await exited;
  } catch (error) {
    throw storeFailure('creating whiteouts with tar', error);
  }
  if (code !== 0) throw storeFailure('creating whiteouts with tar', new Error(Buffer.concat(stderr).toString('utf8').trim() || `tar exited with ${code}`));
}
