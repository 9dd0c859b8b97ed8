import { stat } from 'node:fs/promises';
import { basename, dirname, posix, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { isErrorClass } from '../../base/index.ts';
import { extractTar, tarOfPath } from '../../engine/index.ts';
import type { RuntimeClient } from '../../runtime/client/index.ts';
import type { CommandRun } from '../command-spec.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { usageError } from '../usage-error.ts';
import { checkServices, loadScope, oneContainer, parseIndex, projectContainers, type ProjectScope } from './session.ts';

interface CpFlags {
  readonly index?: string;
  readonly all: boolean;
  readonly archive: boolean;
  readonly followLink: boolean;
}

/** `stack cp svc:/path dest` and `stack cp src svc:/path`, as `docker cp` does them (`-` is a tar on stdin or stdout). */
export const runCp: CommandRun = async (ctx, args, options) => {
  const flags = options as unknown as CpFlags;
  const [source = '', destination = ''] = args;
  const from = containerPath(source);
  const to = containerPath(destination);
  if ((from === undefined) === (to === undefined)) throw usageError('STK7003', 'exactly one of the source and the destination must be SERVICE:PATH', 'e.g. `stack cp web:/etc/hosts .` or `stack cp ./app.conf web:/etc/`');
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  const service = (from ?? to)?.service ?? '';
  if (!checkServices(ctx, scoped.value, [service])) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  const index = parseIndex(flags.index);
  if (from) {
    const container = await oneContainer(client, scoped.value, from.service, index, ctx.signal);
    await copyOut(ctx, client, container.id, from.path, destination, flags);
  } else if (to) {
    for (const id of await targets(client, scoped.value, to.service, index, flags.all, ctx)) await copyIn(ctx, client, id, source, to.path, flags);
  }
  return ExitCode.Ok;
};

function containerPath(arg: string): { service: string; path: string } | undefined {
  const match = /^([a-zA-Z0-9][a-zA-Z0-9_.-]*):(.*)$/.exec(arg);
  if (!match || match[1]?.length === 1) return undefined;
  return { service: match[1] as string, path: match[2] || '/' };
}

async function targets(client: RuntimeClient, scope: ProjectScope, service: string, index: number | undefined, all: boolean, ctx: CommandContext): Promise<string[]> {
  if (!all) return [(await oneContainer(client, scope, service, index, ctx.signal)).id];
  return (await projectContainers(client, scope.name, { services: [service], all: false, signal: ctx.signal })).map((c) => c.id);
}

async function copyOut(ctx: CommandContext, client: RuntimeClient, id: string, path: string, destination: string, flags: CpFlags): Promise<void> {
  const { stat: source, tar } = await client.getArchive(id, path, { signal: ctx.signal });
  if (destination === '-') {
    await new Promise<void>((done, fail) => tar.on('end', done).on('error', fail).pipe(ctx.io.stdout as NodeJS.WritableStream, { end: false }));
    return;
  }
  const target = resolve(ctx.cwd, destination);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) await extractTar(tar, target, { keepOwner: flags.archive });
  else if (source.isDirectory || !destination.endsWith('/')) await extractTar(tar, dirname(target), { rename: basename(target), keepOwner: flags.archive });
  else throw usageError('STK7003', `${destination} is not a directory`, 'create it first, or drop the trailing /');
}

async function copyIn(ctx: CommandContext, client: RuntimeClient, id: string, source: string, path: string, flags: CpFlags): Promise<void> {
  if (source === '-') {
    await client.putArchive(id, path, ctx.io.stdin as unknown as Readable, { signal: ctx.signal, ...(flags.archive ? { copyUidGid: true } : {}) });
    return;
  }
  const host = resolve(ctx.cwd, source);
  const info = await stat(host).catch(() => undefined);
  if (info === undefined) throw usageError('STK7003', `${source} does not exist`, 'give an existing file or directory');
  let directory = path;
  let name = basename(host);
  try {
    const target = await client.statPath(id, path, { signal: ctx.signal });
    if (!target.isDirectory) {
      directory = posix.dirname(path);
      name = posix.basename(path);
    }
  } catch (error) {
    if (!isErrorClass(error, 'NotFound')) throw error;
    directory = posix.dirname(path);
    name = posix.basename(path);
  }
  const tar = tarOfPath(host, name, { followLink: flags.followLink, keepOwner: flags.archive });
  await client.putArchive(id, directory, tar, { signal: ctx.signal, ...(flags.archive ? { copyUidGid: true } : {}) });
}
