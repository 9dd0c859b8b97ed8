import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles the non-Ink door as the CLI's build does (ink and react external,
 * code splitting) and reads the bundle's import graph: ink and react may be
 * reached only through a dynamic import, so plain, JSON and quiet runs never
 * load them.
 */
describe('src/ui/index.ts', () => {
  it('loads ink and react only through a dynamic import', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/ui/index.ts'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      outdir: 'out',
      write: false,
      metafile: true,
      external: ['ink', 'react', 'react/*', 'ink-testing-library'],
      jsx: 'automatic',
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    const entry = Object.entries(outputs).find(([, o]) => o.entryPoint === 'src/ui/index.ts');
    expect(entry).toBeDefined();
    // Walk the static imports from the entry: none may be ink or react.
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const imp of outputs[file]?.imports ?? []) {
        if (imp.kind !== 'import-statement') continue;
        expect(imp.path, `static import from ${file}`).not.toMatch(/^(ink|react)(\/|$)/);
        if (imp.external !== true) walk(imp.path);
      }
    };
    walk(entry?.[0] as string);
    // And the Ink side is there, behind a dynamic import.
    const dynamic = (entry?.[1].imports ?? []).filter((i) => i.kind === 'dynamic-import');
    expect(dynamic.length).toBeGreaterThan(0);
    const inkChunks = Object.values(outputs).filter((o) => o.imports.some((i) => i.path === 'ink'));
    expect(inkChunks.length).toBeGreaterThan(0);
  });
});
