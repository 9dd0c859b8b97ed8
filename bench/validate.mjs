// Runs bench/validate.ts: regenerates the schema validator if needed, bundles
// the bench with esbuild (dependencies stay external) and imports it.
// Usage: node bench/validate.mjs   (RUNS=n to change the sample count)
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runBuildSteps } from '../scripts/build-steps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await runBuildSteps(root);
const outfile = join(root, 'node_modules', '.cache', 'stack-bench', 'validate.mjs');
await build({ absWorkingDir: root, entryPoints: ['bench/validate.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
