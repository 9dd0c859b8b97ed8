import { compareStrings, isErrorClass } from '../../base/index.ts';
import { parseComposeLabels, splitReference, type ImageDetails } from '../../runtime/client/index.ts';
import type { CommandRun } from '../command-spec.ts';
import { ExitCode } from '../exit-codes.ts';
import { openRuntime } from '../runtime.ts';
import { formatTable } from './format-table.ts';
import { checkServices, loadScope, projectContainers } from './session.ts';

/** `stack images`: per container, the image it runs (repository, tag, id, size). */
export const runImages: CommandRun = async (ctx, args, options) => {
  const flags = options as { quiet: boolean; format: 'table' | 'json' };
  const scoped = await loadScope(ctx, true);
  if (!scoped.ok) return scoped.exitCode;
  if (!checkServices(ctx, scoped.value, args)) return ExitCode.Usage;
  using client = await openRuntime(ctx);
  const containers = await projectContainers(client, scoped.value.name, { services: args, signal: ctx.signal });
  const details = new Map<string, ImageDetails | undefined>();
  await Promise.all(
    [...new Set(containers.map((c) => c.imageId))].map(async (id) => {
      try {
        details.set(id, await client.inspectImage(id, { signal: ctx.signal }));
      } catch (error) {
        if (!isErrorClass(error, 'NotFound')) throw error;
        details.set(id, undefined);
      }
    }),
  );
  const rows = containers.map((c) => {
    const image = details.get(c.imageId);
    const reference = image?.repoTags.find((t) => t === c.image || t === `${c.image}:latest`) ?? image?.repoTags[0] ?? c.image;
    const parts = splitReference(reference);
    return { container: c.name, service: parseComposeLabels(c.labels).service ?? '', repository: parts.repository, tag: parts.tag ?? 'latest', id: c.imageId, size: image?.size ?? 0 };
  });
  if (flags.quiet) {
    for (const id of [...new Set(rows.map((r) => r.id))].sort(compareStrings)) ctx.io.stdout.write(`${id}\n`);
  } else if (flags.format === 'json') {
    for (const r of rows) ctx.io.stdout.write(`${JSON.stringify({ ContainerName: r.container, Repository: r.repository, Tag: r.tag, ID: r.id, Size: r.size })}\n`);
  } else {
    ctx.io.stdout.write(formatTable(['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'], rows.map((r) => [r.container, r.repository, r.tag, r.id.replace(/^sha256:/, '').slice(0, 12), humanSize(r.size)])));
  }
  return ExitCode.Ok;
};

function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)}${units[unit]}`;
}
