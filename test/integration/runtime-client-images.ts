import { createServer, type Socket } from 'node:net';
import { expect, it } from 'vitest';
import { makeBusyboxTar } from '../helpers/busybox.ts';
import { tempDir, uniqueId } from '../helpers/temp.ts';
import type { SuiteContext } from './runtime-client-context.ts';
import type { MissingCapabilities } from './runtime-client-suite.ts';
import { makeSaveArchive, makeTar } from './runtime-client-tar.ts';

/** Image checks of the conformance suite. Nothing is pulled from the internet. */

export function imageChecks(ctx: SuiteContext, lacks: MissingCapabilities): void {
  it('import (the busybox test image): inspect shows its config; list finds it by reference', async () => {
    const image = await ctx.client.inspectImage(ctx.image);
    expect(image.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.repoTags).toContain(ctx.image);
    expect(image.config.cmd).toEqual(['sh']);
    expect(image.os).toBe('linux');
    expect((await ctx.client.listImages({ references: [ctx.image] })).map((i) => i.id)).toEqual([image.id]);
  });

  it('inspect of an image the engine lacks is ImageNotFound', async () => {
    await expect(ctx.client.inspectImage(`stack-test/absent-${ctx.run}:nope`)).rejects.toMatchObject({ code: 'STK5006', errorClass: 'NotFound' });
  });

  it('tag and remove: the new name points at the same image; removing it untags only', async () => {
    const target = ctx.trackImage(`stack-test/tagged-${ctx.run}:v1`);
    const source = await ctx.client.inspectImage(ctx.image);
    await ctx.client.tagImage(ctx.image, target);
    expect((await ctx.client.inspectImage(target)).id).toBe(source.id);
    expect(await ctx.client.removeImage(target)).toEqual([{ untagged: target }]);
    await expect(ctx.client.inspectImage(target)).rejects.toMatchObject({ code: 'STK5006' });
    expect((await ctx.client.inspectImage(ctx.image)).id).toBe(source.id);
  });

  it('load: a `docker save` archive becomes an image that runs', async () => {
    using dir = tempDir('stk-load-');
    const reference = ctx.trackImage(`stack-test/loaded-${ctx.run}:latest`);
    const archive = await makeSaveArchive(makeBusyboxTar(dir.path), reference, ['echo', 'loaded image runs']);
    const progress: string[] = [];
    const { loaded } = await ctx.client.loadImage(archive, { onProgress: (line) => progress.push(line) });
    expect(loaded).toEqual([reference]);
    expect(progress.some((line) => line.includes(reference))).toBe(true);
    const { id } = await ctx.create('loaded', { Image: reference });
    await ctx.client.startContainer(id);
    expect(await ctx.client.waitContainer(id)).toEqual({ exitCode: 0 });
    const lines: string[] = [];
    for await (const line of ctx.client.containerLogs(id)) lines.push(line.line);
    expect(lines).toEqual(['loaded image runs']);
  });

  it('load of something that is not an image archive is ImageLoadFailed', async () => {
    await expect(ctx.client.loadImage(await makeTar([{ name: 'readme.txt', content: 'not an image' }]))).rejects.toMatchObject({ code: 'STK5020' });
  });

  it.runIf(lacks.build !== undefined)('build, where the engine declares it cannot build: a clear ImageBuildFailed naming the gap, no image made', async () => {
    const reference = ctx.trackImage(`stack-test/unbuilt-${ctx.run}:latest`);
    const context = await makeTar([{ name: 'Dockerfile', content: `FROM ${ctx.image}\nCMD ["true"]\n` }]);
    const failure = await ctx.client.buildImage(context, { tags: [reference] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'STK5019' });
    expect(String((failure as Error).message)).toMatch(/cannot build/);
    await expect(ctx.client.inspectImage(reference)).rejects.toMatchObject({ code: 'STK5006' });
  });

  it.skipIf(lacks.build !== undefined)('build: a context tar with a Dockerfile, progress lines, labels and build args; a failing RUN is ImageBuildFailed', async () => {
    const reference = ctx.trackImage(`stack-test/built-${ctx.run}:latest`);
    const context = await makeTar([
      { name: 'Dockerfile', content: `FROM ${ctx.image}\nARG WHO\nCOPY greeting.txt /greeting.txt\nRUN echo "hello $WHO" >> /greeting.txt\nCMD ["cat", "/greeting.txt"]\n` },
      { name: 'greeting.txt', content: 'from the context\n' },
    ]);
    const progress: string[] = [];
    const { id } = await ctx.client.buildImage(context, { tags: [reference], buildArgs: { WHO: 'builder' }, labels: { 'dev.stack.test': 'built' }, onProgress: (line) => progress.push(line) });
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(progress.some((line) => /Step \d+\/\d+ : RUN/.test(line) || /RUN/.test(line))).toBe(true);
    const image = await ctx.client.inspectImage(reference);
    expect(image.id).toBe(id);
    expect(image.labels['dev.stack.test']).toBe('built');
    const container = await ctx.create('built', { Image: reference });
    await ctx.client.startContainer(container.id);
    await ctx.client.waitContainer(container.id);
    const lines: string[] = [];
    for await (const line of ctx.client.containerLogs(container.id)) lines.push(line.line);
    expect(lines).toEqual(['from the context', 'hello builder']);

    const broken = await makeTar([{ name: 'Dockerfile', content: `FROM ${ctx.image}\nRUN exit 3\n` }]);
    await expect(ctx.client.buildImage(broken, { tags: [ctx.trackImage(`stack-test/broken-${ctx.run}:latest`)] })).rejects.toMatchObject({ code: 'STK5019' });
  });

  it('pull from an unreachable registry fails with ImagePullFailed, Unavailable', async () => {
    // Port 1 on loopback: nothing listens, the engine's connection is refused at once.
    await expect(ctx.client.pullImage(`127.0.0.1:1/stack-test/none-${uniqueId()}:latest`)).rejects.toMatchObject({ code: 'STK5018', errorClass: 'Unavailable' });
  });

  it('pull is cancellable: aborting while the registry stalls rejects with Canceled', async () => {
    // A registry that accepts connections and never answers.
    const held: Socket[] = [];
    let connected!: () => void;
    const reached = new Promise<void>((resolve) => (connected = resolve));
    const server = createServer((socket) => {
      held.push(socket);
      connected();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const controller = new AbortController();
      const pull = ctx.client.pullImage(`127.0.0.1:${port}/stack-test/stall:latest`, { signal: controller.signal });
      await reached;
      controller.abort();
      await expect(pull).rejects.toMatchObject({ code: 'STK5099', errorClass: 'Canceled' });
    } finally {
      for (const socket of held) socket.destroy();
      server.close();
    }
  });
}
