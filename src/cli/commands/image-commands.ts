import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StackError } from '../../base/index.ts';
import type { ImageSummary } from '../../runtime/client/index.ts';
import type { CommandContext } from '../context.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { usageError } from '../usage-error.ts';

/**
 * `stack image ...` over the runtime client, so the same commands work on
 * stackd and on Docker. Output follows `docker image ...`: ids and names on
 * stdout, progress and summaries on stderr when stdout is a pipe.
 */

/** `stack image import ROOTFS [NAME[:TAG]]`: a tar (plain or gzip), a directory (tarred here), or `-` (stdin). */
export const runImageImport: CommandRun = async (ctx, args, options) => {
  const [rootfs = '', name] = args;
  using client = await openRuntime(ctx);
  const { stream, done } = rootfsStream(ctx, rootfs);
  const changes = (options.change as string[] | undefined) ?? [];
  const { id } = await client.importImage(stream, { ...(name ? { reference: name } : {}), changes, ...(options.message ? { message: String(options.message) } : {}), signal: ctx.signal });
  await done;
  ctx.io.stdout.write(`${id}\n`);
  if (!options.quiet && name) ctx.io.stderr.write(`${ctx.io.err.green('✔')} imported ${rootfs} as ${name}\n`);
  return ExitCode.Ok;
};

function rootfsStream(ctx: CommandContext, rootfs: string): { stream: Readable; done: Promise<void> } {
  if (rootfs === '-') return { stream: ctx.io.stdin as Readable, done: Promise.resolve() };
  const path = resolve(ctx.cwd, rootfs);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw usageError('STK7003', `${rootfs} does not exist`, 'give a root filesystem tar (plain or gzip) or a directory');
  }
  if (!isDirectory) return { stream: createReadStream(path), done: Promise.resolve() };
  // GNU tar keeps owners, modes, links and special files as they are on disk (the image store refuses devices).
  const tar = spawn('tar', ['--numeric-owner', '-C', path, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<void>((ok, fail) => {
    tar.on('error', (error) => fail(new StackError({ code: 'STK7003', errorClass: 'FailedPrecondition', message: `cannot run tar to read ${rootfs}: ${error.message}`, hint: 'install GNU tar' })));
    tar.on('close', (code) => (code === 0 ? ok() : fail(new StackError({ code: 'STK7003', errorClass: 'FailedPrecondition', message: `reading ${rootfs} failed: ${stderr.trim() || `tar exited ${code}`}`, hint: 'check that the directory is readable' }))));
  });
  return { stream: tar.stdout, done };
}

/** `stack image load [-i TAR]`: prints each image loaded. */
export const runImageLoad: CommandRun = async (ctx, _args, options) => {
  const input = options.input ? createReadStream(resolve(ctx.cwd, String(options.input))) : (ctx.io.stdin as Readable);
  if (!options.input && ctx.io.stdin.isTTY) throw usageError('STK7003', 'no archive given: stdin is a terminal', 'use `stack image load -i archive.tar` or pipe the archive in');
  using client = await openRuntime(ctx);
  const { loaded } = await client.loadImage(input, { signal: ctx.signal });
  for (const name of loaded) ctx.io.stdout.write(`Loaded image: ${name}\n`);
  return ExitCode.Ok;
};

/** `stack image save [-o TAR] IMAGE...`: to a file, or to stdout when it is not a terminal. */
export const runImageSave: CommandRun = async (ctx, args, options) => {
  if (!options.output && ctx.io.stdout.isTTY) throw usageError('STK7003', 'refusing to write an archive to a terminal', 'use -o archive.tar or redirect stdout');
  using client = await openRuntime(ctx);
  const tar = await client.saveImage(args, { signal: ctx.signal });
  const target = options.output ? createWriteStream(resolve(ctx.cwd, String(options.output))) : ctx.io.stdout;
  await pipeline(tar, target as NodeJS.WritableStream);
  if (options.output) ctx.io.stderr.write(`${ctx.io.err.green('✔')} saved ${args.join(', ')} to ${String(options.output)}\n`);
  return ExitCode.Ok;
};

/** `stack image ls`: docker's table (REPOSITORY TAG IMAGE ID CREATED SIZE), ids only, or JSON lines. */
export const runImageLs: CommandRun = async (ctx, args, options) => {
  const filters = parseFilters((options.filter as string[] | undefined) ?? []);
  using client = await openRuntime(ctx);
  const references = [...(args[0] ? [args[0]] : []), ...(filters.reference ?? [])];
  const images = await client.listImages({
    ...(filters.label ? { labels: filters.label } : {}),
    ...(references.length > 0 ? { references } : {}),
    ...(filters.dangling ? { dangling: filters.dangling[0] === 'true' } : {}),
    signal: ctx.signal,
  });
  if (options.quiet) {
    for (const id of new Set(images.map((i) => shortId(i.id)))) ctx.io.stdout.write(`${id}\n`);
    return ExitCode.Ok;
  }
  if (options.format === 'json') {
    for (const image of images) ctx.io.stdout.write(`${JSON.stringify({ ID: image.id, RepoTags: image.repoTags, Created: new Date(image.created * 1000).toISOString(), Size: image.size, Labels: image.labels })}\n`);
    return ExitCode.Ok;
  }
  ctx.io.stdout.write(table(images));
  return ExitCode.Ok;
};

function parseFilters(values: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw usageError('STK7003', `--filter "${value}" is not KEY=VALUE`, 'use label=..., dangling=true|false or reference=...');
    const key = value.slice(0, eq);
    if (!['label', 'dangling', 'reference'].includes(key)) throw usageError('STK7003', `--filter ${key} is not supported`, 'use label, dangling or reference');
    (out[key] ??= []).push(value.slice(eq + 1));
  }
  return out;
}

function table(images: readonly ImageSummary[]): string {
  const rows: string[][] = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']];
  for (const image of images) {
    const tags = image.repoTags.filter((t) => t !== '<none>:<none>');
    for (const tag of tags.length > 0 ? tags : ['<none>:<none>']) {
      const colon = tag.lastIndexOf(':');
      rows.push([tag.slice(0, colon), tag.slice(colon + 1), shortId(image.id), ago(image.created), size(image.size)]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd()).join('\n') + '\n';
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function ago(seconds: number): string {
  const s = Math.max(0, Math.floor(Date.now() / 1000 - seconds));
  if (s < 60) return `${s} seconds ago`;
  if (s < 3600) return `${Math.floor(s / 60)} minutes ago`;
  if (s < 86_400 * 2) return `${Math.floor(s / 3600)} hours ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}

function size(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)}kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)}MB`;
  return `${(bytes / 1e9).toFixed(2)}GB`;
}

/** `stack image inspect IMAGE...`: the engine's own JSON, as an array (like docker). */
export const runImageInspect: CommandRun = async (ctx, args) => {
  using client = await openRuntime(ctx);
  const found: unknown[] = [];
  for (const name of args) {
    const details = await client.inspectImage(name, { signal: ctx.signal });
    found.push((details as { raw?: unknown }).raw ?? details);
  }
  ctx.io.stdout.write(`${JSON.stringify(found, null, 4)}\n`);
  return ExitCode.Ok;
};

export const runImageTag: CommandRun = async (ctx, args) => {
  const [source = '', target = ''] = args;
  using client = await openRuntime(ctx);
  await client.tagImage(source, target, { signal: ctx.signal });
  return ExitCode.Ok;
};

/** `stack image rm IMAGE...`: Untagged/Deleted lines, as docker prints them; every image is tried, the first failure is reported. */
export const runImageRm: CommandRun = async (ctx, args, options) => {
  using client = await openRuntime(ctx);
  let failure: unknown;
  for (const name of args) {
    try {
      for (const r of await client.removeImage(name, { force: options.force === true, noPrune: options.prune === false, signal: ctx.signal })) {
        if (r.untagged) ctx.io.stdout.write(`Untagged: ${r.untagged}\n`);
        if (r.deleted) ctx.io.stdout.write(`Deleted: ${r.deleted}\n`);
      }
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return ExitCode.Ok;
};

export const runImagePrune: CommandRun = async (ctx, _args, options) => {
  using client = await openRuntime(ctx);
  const { removed, spaceReclaimed } = await client.pruneImages({ all: options.all === true, signal: ctx.signal });
  for (const r of removed) {
    if (r.untagged) ctx.io.stdout.write(`untagged: ${r.untagged}\n`);
    if (r.deleted) ctx.io.stdout.write(`deleted: ${r.deleted}\n`);
  }
  ctx.io.stdout.write(`Total reclaimed space: ${size(spaceReclaimed)}\n`);
  return ExitCode.Ok;
};
