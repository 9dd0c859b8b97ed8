// Runs bench/dashboard.tsx: bundles it with esbuild (Node 20 runs no TypeScript)
// next to node_modules so ink and react resolve, split like the CLI's bundle so
// ink and react load only when the dashboard starts, then runs it; it measures
// each scenario in a child process of its own.
//   node bench/dashboard.mjs        (WINDOW_MS=10000 WARMUP_MS=5000 to change the window)
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules', '.cache', 'stack-bench', 'dashboard');
rmSync(outdir, { recursive: true, force: true });
await build({ absWorkingDir: root, entryPoints: ['bench/dashboard.tsx'], outdir, outExtension: { '.js': '.mjs' }, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', jsx: 'automatic', logLevel: 'warning' });
// The stackd runs build the daemon from this checkout's sources (test/helpers/stackd.ts reads it here).
process.env.STACK_REPO = root;
await import(pathToFileURL(join(outdir, 'dashboard.mjs')).href);
