import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS_LABEL, VolumeStore } from './volume-store.ts';
import type { VolumeEvent } from './volume-types.ts';

let dir: string;
let store: VolumeStore;
let users: Record<string, string[]>;
const events: VolumeEvent[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stk-vol-'));
  store = new VolumeStore({ dir: join(dir, 'volumes') });
  users = {};
  store.setUsage((name) => users[name] ?? []);
  events.length = 0;
  store.events((e) => events.push(e));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('VolumeStore', () => {
  it('creates a volume as a directory with its record, in Docker\'s JSON', async () => {
    const info = await store.create({ Name: 'data', Labels: { 'com.docker.compose.project': 'p' } });
    expect(info).toMatchObject({ Name: 'data', Driver: 'local', Scope: 'local', Mountpoint: join(dir, 'volumes', 'data', '_data'), Labels: { 'com.docker.compose.project': 'p' }, Options: {} });
    expect(existsSync(info.Mountpoint)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'volumes', 'data', 'volume.json'), 'utf8'))).toMatchObject({ name: 'data', anonymous: false });
    expect(events.map((e) => `${e.action}:${e.name}`)).toEqual(['create:data']);
    expect(await store.inspect('data')).toEqual(info);
  });

  it('create is idempotent for the same volume, and refuses other options or drivers', async () => {
    await store.create({ Name: 'data' });
    expect((await store.create({ Name: 'data' })).Name).toBe('data');
    await expect(store.create({ Name: 'data', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } })).rejects.toMatchObject({ code: 'STK5404' });
    await expect(store.create({ Name: 'xx', Driver: 'nfs' })).rejects.toMatchObject({ code: 'STK5405' });
    await expect(store.create({ Name: '-bad' })).rejects.toMatchObject({ code: 'STK5403' });
    await expect(store.create({ Name: 'xx', DriverOpts: { color: 'blue' } })).rejects.toMatchObject({ code: 'STK5408' });
    expect(existsSync(join(dir, 'volumes', 'xx'))).toBe(false);
  });

  it('anonymous volumes get a random 64-hex name and Docker\'s label', async () => {
    const info = await store.create({}, { anonymous: true });
    expect(info.Name).toMatch(/^[0-9a-f]{64}$/);
    expect(info.Labels).toEqual({ [ANONYMOUS_LABEL]: '' });
  });

  it('lists with Docker\'s filters', async () => {
    await store.create({ Name: 'a1', Labels: { env: 'prod', team: 'x' } });
    await store.create({ Name: 'a2', Labels: { env: 'dev' } });
    await store.create({ Name: 'b1' });
    users.a1 = ['c'];
    const names = async (filters: Record<string, string[]>): Promise<string[]> => (await store.list(filters)).map((v) => v.Name);
    expect(await names({})).toEqual(['a1', 'a2', 'b1']);
    expect(await names({ label: ['env'] })).toEqual(['a1', 'a2']);
    expect(await names({ label: ['env=prod', 'team'] })).toEqual(['a1']);
    expect(await names({ 'label!': ['env'] })).toEqual(['b1']);
    expect(await names({ name: ['a'] })).toEqual(['a1', 'a2']);
    expect(await names({ dangling: ['true'] })).toEqual(['a2', 'b1']);
    expect(await names({ dangling: ['false'] })).toEqual(['a1']);
  });

  it('refuses to remove a volume in use, and removes it once free', async () => {
    await store.create({ Name: 'data' });
    users.data = ['f'.repeat(64)];
    await expect(store.remove('data')).rejects.toMatchObject({ code: 'STK5402', errorClass: 'Conflict' });
    users.data = [];
    await store.remove('data');
    expect(await store.exists('data')).toBe(false);
    await expect(store.remove('data')).rejects.toMatchObject({ code: 'STK5401' });
    await store.remove('data', { force: true });
    expect(events.map((e) => e.action)).toEqual(['create', 'destroy']);
  });

  it('prune takes unused anonymous volumes only, unless all, and reports the space', async () => {
    const anon = (await store.create({}, { anonymous: true })).Name;
    const used = (await store.create({}, { anonymous: true })).Name;
    await store.create({ Name: 'named' });
    users[used] = ['c'];
    writeFileSync(join(dir, 'volumes', anon, '_data', 'f'), 'x'.repeat(1000));
    const first = await store.prune();
    expect(first.VolumesDeleted).toEqual([anon]);
    expect(first.SpaceReclaimed).toBeGreaterThanOrEqual(1000);
    expect((await store.prune({ all: true })).VolumesDeleted).toEqual(['named']);
    expect(await store.exists(used)).toBe(true);
  });

  it('copy-up fills an empty _data volume once, keeping links; never a non-empty one or a host directory', async () => {
    const image = join(dir, 'image-data');
    mkdirSync(join(image, 'sub'), { recursive: true });
    writeFileSync(join(image, 'sub', 'f'), 'content');
    symlinkSync('/etc/passwd', join(image, 'abs-link'));
    await store.create({ Name: 'vol' });
    expect(await store.populate('vol', image)).toBe(true);
    const data = join(dir, 'volumes', 'vol', '_data');
    expect(readFileSync(join(data, 'sub', 'f'), 'utf8')).toBe('content');
    expect(readlinkSync(join(data, 'abs-link'))).toBe('/etc/passwd');
    expect(await store.populate('vol', image)).toBe(false);
    await store.create({ Name: 'empty-src' });
    expect(await store.populate('empty-src', join(dir, 'missing'))).toBe(false);
    await store.create({ Name: 'bound', DriverOpts: { type: 'none', o: 'bind', device: image } });
    expect(await store.populate('bound', image)).toBe(false);
    expect(await store.source('bound')).toEqual({ kind: 'host', path: image, readonly: false });
  });

  it('a copy-up that fails is our error', async () => {
    await store.create({ Name: 'odd' });
    const data = join(dir, 'volumes', 'odd', '_data');
    rmSync(data, { recursive: true });
    writeFileSync(data, 'not a directory');
    await expect(store.populate('odd', dir)).rejects.toMatchObject({ code: 'STK5406' });
  });

  it('reports a broken record instead of guessing', async () => {
    mkdirSync(join(dir, 'volumes', 'broken'), { recursive: true });
    writeFileSync(join(dir, 'volumes', 'broken', 'volume.json'), '{not json');
    await expect(store.inspect('broken')).rejects.toMatchObject({ code: 'STK5407' });
  });
});
