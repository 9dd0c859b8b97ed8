// Runs bench/containers.ts: bundles it with esbuild (dependencies stay external)
// and imports the result. Usage: node bench/containers.mjs   (RUNS=n to change the sample count)
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'node_modules', '.cache', 'stack-bench', 'containers.mjs');
await build({ absWorkingDir: root, entryPoints: ['bench/containers.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
