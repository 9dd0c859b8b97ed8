import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolumeEvent } from '../../src/runtime/daemon/volumes/index.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { uniqueId } from '../helpers/temp.ts';
import { ContainerFixture, containerTestsMissing } from './containers-fixture.ts';

announceSkip('volumes with containers', containerTestsMissing);

describe.skipIf(containerTestsMissing)('volumes: named, anonymous, binds and tmpfs in containers', () => {
  let f: ContainerFixture;
  const events: VolumeEvent[] = [];
  beforeAll(async () => {
    f = await ContainerFixture.create();
    f.volumes.events((e) => events.push(e));
  });
  afterAll(async () => {
    const leftovers = await f?.cleanup();
    expect(leftovers).toEqual([]);
  });

  const runToEnd = async (body: Parameters<ContainerFixture['run']>[0]): Promise<{ out: string; id: string; code: number }> => {
    const id = await f.run(body);
    const { StatusCode } = await f.manager.wait(id);
    return { out: await f.output(id), id, code: StatusCode };
  };

  it('a new named volume is filled from the image on first use (owners, links), then persists across containers', async () => {
    const name = `data-${uniqueId()}`;
    const first = await runToEnd({ Cmd: ['sh', '-c', 'cat /data/seed.txt; echo written > /data/new.txt'], HostConfig: { Binds: [`${name}:/data`] } });
    expect(first.out).toBe('from-image\n');
    const mountpoint = (await f.volumes.inspect(name)).Mountpoint;
    expect(statSync(join(mountpoint, 'seed.txt'))).toMatchObject({ uid: 1234, gid: 2345 });
    expect(lstatSync(join(mountpoint, 'link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(mountpoint, 'link'))).toBe('seed.txt');
    await f.manager.remove(first.id, { volumes: true });
    expect(await f.volumes.exists(name)).toBe(true); // named volumes survive their containers
    const second = await runToEnd({ Cmd: ['cat', '/data/new.txt'], HostConfig: { Mounts: [{ Type: 'volume', Source: name, Target: '/data' }] } });
    expect(second.out).toBe('written\n');
    expect(events.filter((e) => e.name === name).map((e) => e.action)).toEqual(['create', 'mount', 'unmount', 'mount', 'unmount']);
    expect(events.find((e) => e.name === name && e.action === 'mount')?.attributes).toMatchObject({ container: first.id, destination: '/data', 'read/write': 'true' });
    const inspect = f.manager.inspect(second.id);
    expect(inspect.Mounts).toEqual([{ Type: 'volume', Name: name, Source: mountpoint, Destination: '/data', Driver: 'local', Mode: '', RW: true, Propagation: '' }]);
  });

  it('copy-up happens only into an empty volume, and never with nocopy', async () => {
    const nocopy = `nocopy-${uniqueId()}`;
    expect((await runToEnd({ Cmd: ['ls', '/data'], HostConfig: { Binds: [`${nocopy}:/data:nocopy`] } })).out).toBe('');
    const used = `used-${uniqueId()}`;
    await f.volumes.create({ Name: used });
    writeFileSync(join((await f.volumes.inspect(used)).Mountpoint, 'mine.txt'), 'x');
    expect((await runToEnd({ Cmd: ['ls', '/data'], HostConfig: { Binds: [`${used}:/data`] } })).out).toBe('mine.txt\n');
  });

  it('anonymous volumes: from the image VOLUME and -v /path, removed with the container only when asked', async () => {
    const image = { ...f.image, config: { config: { ...f.image.config.config, Volumes: { '/data': {} } } } };
    const { Id } = await f.manager.create({ body: { Cmd: ['cat', '/data/seed.txt'], Volumes: { '/cache': {} } }, image });
    const anon = f.manager.inspect(Id).Mounts.map((m) => m.Name as string);
    expect(anon).toHaveLength(2);
    for (const name of anon) expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect((await f.volumes.inspect(anon[0] as string)).Labels).toEqual({ 'com.docker.volume.anonymous': '' });
    await f.manager.start(Id);
    await f.manager.wait(Id);
    expect(await f.output(Id)).toBe('from-image\n');
    await expect(f.volumes.remove(anon[0] as string)).rejects.toMatchObject({ code: 'STK5402', errorClass: 'Conflict' });
    await f.manager.remove(Id, { volumes: true });
    for (const name of anon) expect(await f.volumes.exists(name)).toBe(false);
  });

  it('binds: the short syntax creates a missing host directory, the long syntax refuses it', async () => {
    const hostDir = join(f.root, 'host', uniqueId());
    const { out } = await runToEnd({ Cmd: ['sh', '-c', 'echo hi > /mnt/x && echo ok'], HostConfig: { Binds: [`${hostDir}:/mnt`] } });
    expect(out).toBe('ok\n');
    expect(readFileSync(join(hostDir, 'x'), 'utf8')).toBe('hi\n');
    await expect(f.manager.create({ body: { Cmd: ['true'], HostConfig: { Mounts: [{ Type: 'bind', Source: join(f.root, 'nope'), Target: '/mnt' }] } }, image: f.image })).rejects.toMatchObject({ code: 'STK5219' });
    const ro = await runToEnd({ Cmd: ['sh', '-c', '(echo no > /mnt/y) 2>/dev/null || echo refused'], HostConfig: { Binds: [`${hostDir}:/mnt:ro`] } });
    expect(ro.out).toBe('refused\n');
  });

  it('tmpfs mounts with size and mode; a tmpfs volume from driver options', async () => {
    const { out } = await runToEnd({ Cmd: ['sh', '-c', 'stat -c %a /t; df -k /t | tail -1 | tr -s " " | cut -d" " -f2'], HostConfig: { Mounts: [{ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 2 * 1024 * 1024, Mode: 0o700 } }] } });
    expect(out).toBe('700\n2048\n');
    const name = `tmp-${uniqueId()}`;
    await f.volumes.create({ Name: name, DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
    expect((await runToEnd({ Cmd: ['sh', '-c', 'grep " /v " /proc/mounts | cut -d" " -f3'], HostConfig: { Binds: [`${name}:/v`] } })).out).toBe('tmpfs\n');
  });

  it('a volume bound to a host directory by driver options (type none, o bind)', async () => {
    const device = join(f.root, 'device');
    mkdirSync(device);
    writeFileSync(join(device, 'f'), 'host-file');
    const name = `bound-${uniqueId()}`;
    await f.volumes.create({ Name: name, DriverOpts: { type: 'none', o: 'bind', device } });
    expect((await runToEnd({ Cmd: ['cat', '/v/f'], HostConfig: { Binds: [`${name}:/v`] } })).out).toBe('host-file');
    await expect(f.volumes.create({ Name: `bad-${uniqueId()}`, DriverOpts: { type: 'nfs', o: 'addr=1.2.3.4', device: ':/x' } })).rejects.toMatchObject({ code: 'STK5408' });
  });

  it('a working directory or volume under /proc/<pid>/fd is refused (CVE-2024-21626)', async () => {
    await expect(f.manager.create({ body: { Cmd: ['true'], WorkingDir: '/proc/self/fd/8' }, image: f.image })).rejects.toMatchObject({ code: 'STK5213' });
    await expect(f.manager.create({ body: { Cmd: ['true'], HostConfig: { Binds: ['/tmp:/proc/1/fd/3'] } }, image: f.image })).rejects.toMatchObject({ code: 'STK5213' });
    expect(existsSync(join(f.root, 'containers'))).toBe(true);
  });
});
