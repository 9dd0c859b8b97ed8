import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirInRoot, resolveInRoot } from './in-root.ts';
import { matchUser, parseGroup, parsePasswd, resolveUser } from './resolve-user.ts';

let base: string;
let root: string;
let outside: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'stk-inroot-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(outside);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('resolveInRoot', () => {
  it('follows links inside the root, treating absolute targets as the root\'s /', async () => {
    mkdirSync(join(root, 'real'));
    symlinkSync('/real', join(root, 'abs'));
    symlinkSync('../real', join(root, 'etc', 'rel'));
    expect(await resolveInRoot(root, '/abs/file')).toBe(join(root, 'real', 'file'));
    expect(await resolveInRoot(root, '/etc/rel/x')).toBe(join(root, 'real', 'x'));
  });

  it('never leaves the root through .. or links (a link to /.. or ../../outside ends at the root)', async () => {
    symlinkSync('../../outside', join(root, 'escape'));
    symlinkSync('/../../..', join(root, 'up'));
    expect(await resolveInRoot(root, '/escape/secret')).toBe(join(root, 'outside', 'secret'));
    expect(await resolveInRoot(root, '/up/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(await resolveInRoot(root, '/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
  });

  it('stops a link loop', async () => {
    symlinkSync('/b', join(root, 'a'));
    symlinkSync('/a', join(root, 'b'));
    await expect(resolveInRoot(root, '/a/x')).rejects.toMatchObject({ code: 'ELOOP' });
  });
});

describe('mkdirInRoot', () => {
  it('creates a working directory through a symlinked parent without touching the host', async () => {
    symlinkSync(outside, join(root, 'work')); // an image with work -> /absolute/host/path
    const made = await mkdirInRoot(root, '/work/app/data');
    expect(made.startsWith(root)).toBe(true);
    expect(existsSync(join(outside, 'app'))).toBe(false);
    expect(lstatSync(made).isDirectory()).toBe(true);
  });
});

describe('users and groups', () => {
  const passwd = parsePasswd('root:x:0:0:root:/root:/bin/sh\n# comment\napp:x:1000:1001:App:/home/app:/bin/sh\nbroken:x:notanumber:1::\n');
  const groups = parseGroup('root:x:0:\nstaff:x:50:app,other\napp:x:1001:\nwheel:x:10:root\n');

  it('parses passwd and group, skipping comments and broken lines', () => {
    expect(passwd.map((p) => p.name)).toEqual(['root', 'app']);
    expect(groups.find((g) => g.name === 'staff')?.members).toEqual(['app', 'other']);
  });

  it('matches Docker: names must exist, numbers are verbatim, memberships become supplementary groups', () => {
    expect(matchUser('', [], passwd, groups)).toEqual({ uid: 0, gid: 0, additionalGids: [10], home: '/root' });
    expect(matchUser('app', [], passwd, groups)).toEqual({ uid: 1000, gid: 1001, additionalGids: [50], home: '/home/app' });
    expect(matchUser('app:wheel', [], passwd, groups)).toEqual({ uid: 1000, gid: 10, additionalGids: [], home: '/home/app' });
    expect(matchUser('4242', [], passwd, groups)).toEqual({ uid: 4242, gid: 0, additionalGids: [], home: '/' });
    expect(matchUser('4242:77', ['staff', '9'], passwd, groups)).toEqual({ uid: 4242, gid: 77, additionalGids: [50, 9], home: '/' });
    expect(() => matchUser('nobody-here', [], passwd, groups)).toThrow(expect.objectContaining({ code: 'STK5210' }));
    expect(() => matchUser('app:nogroup', [], passwd, groups)).toThrow(expect.objectContaining({ code: 'STK5211' }));
    expect(() => matchUser('app', ['missing'], passwd, groups)).toThrow(expect.objectContaining({ code: 'STK5211' }));
  });

  it('reads the files inside the root even when /etc is a link out of it', async () => {
    writeFileSync(join(outside, 'passwd'), 'evil:x:0:0::/:/bin/sh\n');
    rmSync(join(root, 'etc'), { recursive: true });
    symlinkSync(outside, join(root, 'etc'));
    await expect(resolveUser(root, 'evil', [])).rejects.toMatchObject({ code: 'STK5210' });
    expect(await resolveUser(root, '0', [])).toEqual({ uid: 0, gid: 0, additionalGids: [], home: '/' });
  });
});
