import { spawn } from 'node:child_process';
import { lstat, readlink } from 'node:fs/promises';
import { basename, dirname, posix } from 'node:path';
import { StackError } from '../../../base/index.ts';
import { resolveInRoot } from '../containers/in-root.ts';
import { isMountPoint } from '../containers/rootfs.ts';
import type { Daemon } from '../daemon.ts';
import type { Exchange } from './exchange.ts';
import { route, type Route } from './router.ts';
import { boolParam, invalidRequest } from './wire.ts';

/**
 * `docker cp` (GET, HEAD, PUT /containers/{id}/archive). A running
 * container is reached through /proc/<pid>/root, so its volumes and tmpfs
 * mounts are seen as the container sees them; a stopped one through its
 * mounted root filesystem. The path is resolved in-root (symlinks re-read
 * against the container's root); GNU tar then works from the resolved
 * directory: archiving never follows links, extracting never writes through
 * an existing directory link (tar replaces it) and refuses `..` members.
 * As in Docker, a container process swapping a component for a link in the
 * middle of a copy is not guarded against (moby pauses the container for
 * that; we do not yet).
 */
export function archiveRoutes(daemon: Daemon): Route[] {
  return [
    route(['GET', 'HEAD'], /^\/containers\/([^/]+)\/archive$/, (x, [id]) => getArchive(daemon, x, id as string)),
    route('PUT', /^\/containers\/([^/]+)\/archive$/, (x, [id]) => putArchive(daemon, x, id as string)),
  ];
}

interface PathStat {
  readonly name: string;
  readonly size: number;
  readonly mode: number;
  readonly mtime: string;
  readonly linkTarget: string;
}

async function containerRoot(daemon: Daemon, idOrName: string): Promise<{ id: string; name: string; root: string }> {
  const inspect = daemon.containers.inspect(idOrName);
  if (inspect.State.Running && inspect.State.Pid > 0) return { id: inspect.Id, name: inspect.Name.slice(1), root: `/proc/${inspect.State.Pid}/root` };
  const merged = inspect.GraphDriver.Data.MergedDir ?? '';
  if (!(await isMountPoint(merged))) {
    throw new StackError({ code: 'STK5312', errorClass: 'Conflict', message: `container ${inspect.Name.slice(1)} is stopped and its filesystem is not mounted`, hint: 'Start the container to copy files in or out of it.', resource: `container:${inspect.Name.slice(1)}` });
  }
  return { id: inspect.Id, name: inspect.Name.slice(1), root: merged };
}

function pathParam(x: Exchange): string {
  const path = x.query.get('path');
  if (!path) throw invalidRequest('archive needs path=');
  return path.startsWith('/') ? path : `/${path}`;
}

function notFound(path: string, name: string): StackError {
  return new StackError({ code: 'STK5311', errorClass: 'NotFound', message: `Could not find the file ${path} in container ${name}`, hint: 'Check the path inside the container (ls it with exec).', resource: `path:${path}` });
}

/** Go's os.FileMode bits, as Docker's path stat header carries them. */
function goMode(mode: number, kind: 'dir' | 'link' | 'file' | 'other'): number {
  const perm = mode & 0o777;
  if (kind === 'dir') return (perm | 0x80000000) >>> 0;
  if (kind === 'link') return (perm | 0x08000000) >>> 0;
  return perm;
}

async function statPath(root: string, path: string, name: string): Promise<{ stat: PathStat; host: string }> {
  const cleaned = posix.normalize(path);
  // The final component is not followed (Docker stats the link itself); its parent is resolved in-root.
  const parent = await resolveInRoot(root, posix.dirname(cleaned));
  const host = cleaned === '/' ? root : `${parent}/${posix.basename(cleaned)}`;
  let info;
  try {
    info = await lstat(host);
  } catch {
    throw notFound(path, name);
  }
  const kind = info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'link' : info.isFile() ? 'file' : 'other';
  const stat: PathStat = { name: cleaned === '/' ? '/' : posix.basename(cleaned), size: info.size, mode: goMode(info.mode, kind), mtime: info.mtime.toISOString(), linkTarget: kind === 'link' ? await readlink(host) : '' };
  return { stat, host };
}

function statHeader(stat: PathStat): string {
  return Buffer.from(JSON.stringify(stat)).toString('base64');
}

async function getArchive(daemon: Daemon, x: Exchange, idOrName: string): Promise<void> {
  const path = pathParam(x);
  const { root, name } = await containerRoot(daemon, idOrName);
  const { stat, host } = await statPath(root, path, name);
  if (x.method === 'HEAD') {
    x.send(200, '', { 'X-Docker-Container-Path-Stat': statHeader(stat), 'Content-Type': 'application/x-tar' });
    return;
  }
  const from = stat.name === '/' ? ['-C', host, '.'] : ['-C', dirname(host), basename(host)];
  const tar = spawn('tar', ['--numeric-owner', '-cf', '-', ...from], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const out = x.stream(200, { 'Content-Type': 'application/x-tar', 'X-Docker-Container-Path-Stat': statHeader(stat) });
  x.signal.addEventListener('abort', () => tar.kill('SIGKILL'), { once: true });
  tar.stdout.pipe(out);
  const code = await new Promise<number | null>((resolve) => tar.on('close', resolve));
  if (code !== 0 && !x.signal.aborted) daemon.log('warn', 'archive read failed', { path, error: stderr.trim() });
}

async function putArchive(daemon: Daemon, x: Exchange, idOrName: string): Promise<void> {
  const path = pathParam(x);
  const { root, name } = await containerRoot(daemon, idOrName);
  const { stat, host } = await statPath(root, path, name);
  const target = stat.mode & 0x80000000 ? host : stat.linkTarget ? await resolveInRoot(root, path) : host;
  if (!((await lstat(target).catch(() => undefined))?.isDirectory() ?? false)) {
    throw new StackError({ code: 'STK5312', errorClass: 'InvalidArgument', message: `extraction point ${path} in container ${name} is not a directory`, hint: 'Copy into a directory of the container.', resource: `path:${path}` });
  }
  const args = ['-x', '-C', target, '-f', '-', '--no-overwrite-dir'];
  if (!boolParam(x.query, 'copyUIDGID')) args.push('--no-same-owner');
  if (boolParam(x.query, 'noOverwriteDirNonDir')) args.push('--keep-old-files');
  const tar = spawn('tar', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  tar.stdin.on('error', () => undefined);
  x.bodyStream().pipe(tar.stdin);
  const code = await new Promise<number | null>((resolve) => tar.on('close', resolve));
  if (code !== 0) {
    throw new StackError({ code: 'STK5312', errorClass: 'InvalidArgument', message: `copying into ${path} of container ${name} failed: ${stderr.trim().split('\n')[0] ?? `tar exited ${code}`}`, hint: 'Check that the archive is a valid tar and the destination is writable.', resource: `container:${name}` });
  }
  x.send(200);
}
