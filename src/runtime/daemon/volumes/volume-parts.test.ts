import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonFile, writeJsonAtomic } from '../../../base/index.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { volumeSource } from './volume-source.ts';

describe('volumeSource (local driver options)', () => {
  it('no options: the _data directory', () => {
    expect(volumeSource('v', '/d', {})).toEqual({ kind: 'data', path: '/d' });
  });
  it('type=none,o=bind,device=/abs: a host directory (ro honoured)', () => {
    expect(volumeSource('v', '/d', { type: 'none', o: 'bind,ro', device: '/srv/x' })).toEqual({ kind: 'host', path: '/srv/x', readonly: true });
  });
  it('type=tmpfs: a tmpfs with the size and mode options', () => {
    expect(volumeSource('v', '/d', { type: 'tmpfs', device: 'tmpfs', o: 'size=100m,mode=1777' })).toEqual({ kind: 'tmpfs', options: ['size=100m', 'mode=1777'] });
  });
  it('anything else is refused up front', () => {
    const refused: Record<string, string>[] = [{ type: 'nfs', o: 'addr=1.2.3.4', device: ':/x' }, { type: 'none', o: 'bind', device: 'relative' }, { type: 'tmpfs', o: 'uid=0,evil=1' }, { other: 'x' }];
    for (const opts of refused) {
      expect(() => volumeSource('v', '/d', opts), JSON.stringify(opts)).toThrow(expect.objectContaining({ code: 'STK5408' }));
    }
  });
});

describe('KeyedMutex', () => {
  it('runs work on one key one at a time, in order, and different keys in parallel', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = mutex.run('a', async () => {
      order.push('a1 start');
      await gate;
      order.push('a1 end');
    });
    const a2 = mutex.run('a', async () => void order.push('a2'));
    await mutex.run('b', async () => void order.push('b'));
    expect(order).toEqual(['a1 start', 'b']);
    expect(mutex.isBusy('a')).toBe(true);
    release();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
    expect(mutex.isBusy('a')).toBe(false);
  });
  it('a failure releases the key', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await mutex.run('k', async () => 1)).toBe(1);
  });
});

describe('atomic files', () => {
  it('writes through a temp file and leaves nothing else behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stk-atomic-'));
    try {
      await writeJsonAtomic(join(dir, 'a.json'), { x: 1 });
      await writeJsonAtomic(join(dir, 'a.json'), { x: 2 });
      expect(readdirSync(dir)).toEqual(['a.json']);
      expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{\n  "x": 2\n}\n');
      expect(await readJsonFile(join(dir, 'a.json'))).toEqual({ x: 2 });
      expect(await readJsonFile(join(dir, 'missing.json'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
