import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp.ts';
import { resolveDirInRoot } from './resolve-in-root.ts';

describe('resolveDirInRoot', () => {
  let outer: ReturnType<typeof tempDir>;
  let root: string;

  beforeEach(() => {
    outer = tempDir('stk-inroot-');
    root = join(outer.path, 'root');
    mkdirSync(root);
  });

  afterEach(() => outer[Symbol.dispose]());

  const create = (rel: string) => mkdir(join(root, rel));

  it('re-resolves absolute and climbing symlinks against the root', async () => {
    mkdirSync(join(root, 'etc', 'alt'), { recursive: true });
    symlinkSync('/etc', join(root, 'abs'));
    symlinkSync('../../../../../../../etc/alt', join(root, 'climb'));
    symlinkSync(outer.path, join(root, 'host'));
    expect(await resolveDirInRoot(root, ['abs', 'alt'], { entry: 'x' })).toBe('etc/alt');
    expect(await resolveDirInRoot(root, ['climb'], { entry: 'x' })).toBe('etc/alt');
    expect(await resolveDirInRoot(root, ['host', 'root'], { entry: 'x', createDir: create })).toBe(`${outer.path.slice(1)}/root`);
    expect(readdirSync(outer.path)).toEqual(['root']);
  });

  it('reports a missing directory without createDir, creates it with', async () => {
    expect(await resolveDirInRoot(root, ['a', 'b'], { entry: 'x' })).toBeUndefined();
    expect(await resolveDirInRoot(root, ['a', 'b'], { entry: 'x', createDir: create })).toBe('a/b');
    expect(lstatSync(join(root, 'a', 'b')).isDirectory()).toBe(true);
  });

  it('refuses loops (STK5105) and a file used as a directory (STK5111)', async () => {
    symlinkSync('l2', join(root, 'l1'));
    symlinkSync('l1', join(root, 'l2'));
    writeFileSync(join(root, 'file'), '');
    await expect(resolveDirInRoot(root, ['l1'], { entry: 'x' })).rejects.toMatchObject({ code: 'STK5105' });
    await expect(resolveDirInRoot(root, ['file', 'x'], { entry: 'x' })).rejects.toMatchObject({ code: 'STK5111' });
  });

  it('uses the cache for known prefixes', async () => {
    const cache = new Map<string, string>();
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    await resolveDirInRoot(root, ['a', 'b'], { entry: 'x', cache });
    expect(cache.get('a/b')).toBe('a/b');
    cache.set('a/b', 'elsewhere');
    expect(await resolveDirInRoot(root, ['a', 'b'], { entry: 'x', cache })).toBe('elsewhere');
  });

  it('property: whatever the links, the result is a chain of real directories inside the root, and nothing is made outside', async () => {
    // Unusual names, so that a link followed on the host would show as /stk-q<n>.
    const names = ['stk-q1', 'stk-q2', 'stk-q3', 'stk-q4'];
    const target = fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...names, '..', '.'), { minLength: 1, maxLength: 5 })).map(([absolute, parts]) => `${absolute ? '/' : ''}${parts.join('/')}`);
    const tree = fc.array(fc.tuple(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }), fc.option(target, { nil: undefined })), { maxLength: 12 });
    const lookup = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 5 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(tree, lookup, async (nodes, components) => {
        const caseRoot = join(root, String(run++));
        mkdirSync(caseRoot);
        for (const [path, link] of nodes) buildNode(caseRoot, path, link);
        let rel: string | undefined;
        try {
          rel = await resolveDirInRoot(caseRoot, components, { entry: 'p', createDir: (r) => mkdir(join(caseRoot, r)) });
        } catch (error) {
          // Loops and links onto non-directories are refused; both are fine outcomes.
          expect(['STK5105', 'STK5111']).toContain((error as { code?: string }).code);
          return;
        }
        expect(rel).toBeDefined();
        expect(rel!.split('/')).not.toContain('..');
        const abs = join(caseRoot, rel!);
        expect(realpathSync(abs)).toBe(abs);
        expect(lstatSync(abs).isDirectory()).toBe(true);
        expect(readdirSync(outer.path)).toEqual(['root']);
        for (const name of names) expect(existsSync(join('/', name))).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * Adds one generated node to a test tree without ever following a link
 * (plain mkdir -p would, and the generated links point anywhere): a node
 * whose path crosses a link or a file is dropped.
 */
function buildNode(root: string, path: readonly string[], link: string | undefined): void {
  let dir = root;
  for (const [i, name] of path.entries()) {
    const abs = join(dir, name);
    let stats;
    try {
      stats = lstatSync(abs);
    } catch {
      stats = undefined;
    }
    const last = i === path.length - 1;
    if (last) {
      if (stats) return;
      if (link === undefined) mkdirSync(abs);
      else symlinkSync(link, abs);
      return;
    }
    if (!stats) mkdirSync(abs);
    else if (!stats.isDirectory()) return;
    dir = abs;
  }
}
