import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp.ts';
import { runMain as run } from './testing/run-main.ts';

function twoFiles() {
  const tmp = tempDir('stk-main-');
  mkdirSync(join(tmp.path, 'app'));
  writeFileSync(join(tmp.path, 'app', 'a.yaml'), 'services:\n  a:\n    image: busybox\n');
  writeFileSync(join(tmp.path, 'app', 'b.yaml'), 'services:\n  b:\n    image: busybox\n    profiles: [extra]\n');
  return tmp;
}

describe('global flags', () => {
  it('are taken before the command, as docker compose documents them', async () => {
    using tmp = twoFiles();
    const { code, out } = await run(['-f', 'a.yaml', '-f', 'b.yaml', '--profile', 'extra', 'config', '--services'], join(tmp.path, 'app'));
    expect(code).toBe(0);
    expect(out).toBe('a\nb\n');
  });

  it('are taken after the command too, repeatable flags adding to those before it', async () => {
    using tmp = twoFiles();
    const { code, out } = await run(['-f', 'a.yaml', 'config', '--services', '-f', 'b.yaml', '--profile', 'extra', '--progress', 'plain'], join(tmp.path, 'app'));
    expect(code).toBe(0);
    expect(out).toBe('a\nb\n');
  });

  it('give way to a command flag with the same short name: `logs -f` is --follow, not --file', async () => {
    using tmp = twoFiles();
    const { code, err } = await run(['-f', 'a.yaml', 'logs', '-f', 'nosuch'], join(tmp.path, 'app'));
    // Taken as --file, "nosuch" would be a missing compose file (STK1003); as --follow, it is a service the project lacks.
    expect(err).toMatch(/STK4009/);
    expect(err).not.toMatch(/STK1003/);
    expect(code).toBe(2);
  });

  it('reject a bad value wherever they are given, with a usage error (exit 2)', async () => {
    using tmp = twoFiles();
    for (const argv of [['--progress', 'loud', 'config'], ['config', '--progress', 'loud'], ['config', '--parallel', 'x']]) {
      const { code, err } = await run(['-f', 'a.yaml', ...argv], join(tmp.path, 'app'));
      expect(code, argv.join(' ')).toBe(2);
      expect(err).toMatch(/^error STK7003/);
    }
  });
});
