// Runs bench/runtime.ts: bundles it with esbuild (dependencies stay external)
// and imports the result. Usage (root): node bench/runtime.mjs   (RUNS=n, UP_RUNS=n, SKIP_DOCKERD=1)
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'node_modules', '.cache', 'stack-bench', 'runtime.mjs');
await build({ absWorkingDir: root, entryPoints: ['bench/runtime.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
// The bundle lives under node_modules/.cache: tell the helpers where the checkout is.
process.env.STACK_REPO = root;
await import(pathToFileURL(outfile).href);
