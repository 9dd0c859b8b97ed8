import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import type { SuiteContext } from './runtime-client-context.ts';

/** Error checks of the conformance suite: codes and classes, never message text. */

export function errorChecks(ctx: SuiteContext): void {
  it('a missing container is ContainerNotFound for inspect, start, stop, remove and logs', async () => {
    const missing = ctx.name('missing');
    for (const call of [
      () => ctx.client.inspectContainer(missing),
      () => ctx.client.startContainer(missing),
      () => ctx.client.stopContainer(missing),
      () => ctx.client.removeContainer(missing),
      async () => {
        for await (const line of ctx.client.containerLogs(missing)) void line;
      },
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'STK5005', errorClass: 'NotFound', resource: `container:${missing}` });
    }
  });

  it('a second container with a taken name is NameConflict', async () => {
    await ctx.create('dup', { Cmd: ['true'] });
    await expect(ctx.create('dup', { Cmd: ['true'] })).rejects.toMatchObject({ code: 'STK5011', errorClass: 'Conflict' });
  });

  it('creating from an image the engine lacks is ImageNotFound (not ContainerNotFound)', async () => {
    await expect(ctx.create('no-image', { Image: `stack-test/absent-${ctx.run}:latest` })).rejects.toMatchObject({ code: 'STK5006', errorClass: 'NotFound' });
  });

  it('an invalid create body is InvalidRequest', async () => {
    await expect(ctx.create('bad-mount', { HostConfig: { Mounts: [{ Type: 'bind', Source: '', Target: '/x' }] } })).rejects.toMatchObject({ code: 'STK5014', errorClass: 'InvalidArgument' });
  });

  it('missing networks and volumes are NetworkNotFound and VolumeNotFound', async () => {
    await expect(ctx.client.removeNetwork(ctx.name('no-net'))).rejects.toMatchObject({ code: 'STK5007', errorClass: 'NotFound' });
    await expect(ctx.client.removeVolume(ctx.name('no-vol'))).rejects.toMatchObject({ code: 'STK5008', errorClass: 'NotFound' });
  });

  it('a socket with no engine behind it is RuntimeUnavailable, naming the socket', async () => {
    using dir = tempDir('stk-dead-');
    const socketPath = join(dir.path, 'gone.sock');
    const dead = await ctx.target.clientAt(socketPath);
    const failure = await dead.ping().then(() => undefined, (error: unknown) => error);
    expect(failure).toMatchObject({ code: 'STK5001', errorClass: 'Unavailable' });
    expect((failure as Error).message).toContain(socketPath);
    await expect(dead.listContainers()).rejects.toMatchObject({ code: 'STK5001' });
  });

  it('an already-aborted signal cancels without a request', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(ctx.client.listContainers({ signal: controller.signal })).rejects.toMatchObject({ code: 'STK5099', errorClass: 'Canceled' });
    const lines: unknown[] = [];
    for await (const line of ctx.client.containerLogs(ctx.name('missing'), { signal: controller.signal })) lines.push(line);
    expect(lines).toEqual([]);
  });
}
