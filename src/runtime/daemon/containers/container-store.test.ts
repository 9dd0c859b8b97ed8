import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeContainerConfig } from './container-config.ts';
import { initialState, type ContainerRecord } from './container-record.ts';
import { ContainerStore } from './container-store.ts';

let dir: string;
let store: ContainerStore;
const id = 'a'.repeat(64);
const record: ContainerRecord = { version: 1, id, name: 'web', created: '2026-01-01T00:00:00Z', imageId: 'sha256:x', config: mergeContainerConfig({ Cmd: ['true'] }, {}, id.slice(0, 12)), hostConfig: {}, layerDirs: [], mounts: [], path: 'true', args: [], runtime: 'runc' };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stk-cstore-'));
  store = new ContainerStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ContainerStore', () => {
  it('writes and reads back records and states', async () => {
    await store.create(record, initialState());
    await store.writeState(id, { ...initialState(), status: 'running', pid: 42 });
    const { containers, partial } = await store.loadAll();
    expect(partial).toEqual([]);
    expect(containers).toEqual([{ record, state: { ...initialState(), status: 'running', pid: 42 } }]);
  });

  it('reports a directory without a record as a create that did not finish, and ignores foreign names', async () => {
    mkdirSync(join(dir, 'b'.repeat(64)));
    mkdirSync(join(dir, 'not-a-container'));
    expect(await store.loadAll()).toEqual({ containers: [], partial: ['b'.repeat(64)] });
  });

  it('removes a container directory in one step, and deletes what is left of it in the background', async () => {
    await store.create(record, initialState());
    mkdirSync(join(dir, id, 'upper', 'etc'), { recursive: true });
    writeFileSync(join(dir, id, 'upper', 'etc', 'hosts'), '127.0.0.1 localhost\n');
    await store.removeDir(id);
    expect(existsSync(join(dir, id))).toBe(false);
    expect((await store.loadAll()).containers).toEqual([]);
    await store.settled();
    expect(readdirSync(dir)).toEqual([]);
    // Removing what is already gone is fine.
    await store.removeDir(id);
  });

  it('finishes, at the next load, the deletion a dead daemon left half-done', async () => {
    mkdirSync(join(dir, `.removed-${id}-0123abcd`, 'upper'), { recursive: true });
    await store.create(record, initialState());
    expect((await store.loadAll()).containers.map((c) => c.record.id)).toEqual([id]);
    await store.settled();
    expect(readdirSync(dir)).toEqual([id]);
  });

  it('refuses to guess at a corrupt record', async () => {
    await store.create(record, initialState());
    writeFileSync(join(dir, id, 'state.json'), '{"status": ');
    await expect(store.loadAll()).rejects.toMatchObject({ code: 'STK5218' });
  });
});
