// Runs bench/up.ts: bundles it with esbuild (dependencies stay external) and imports the result.
// Usage: node bench/up.mjs   (RUNS=n samples per figure, SIZES=1,10,50 to choose the stacks; needs `npm run build` first)
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'node_modules', '.cache', 'stack-bench', 'up.mjs');
await build({ absWorkingDir: root, entryPoints: ['bench/up.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
process.env.STACK_REPO = root;
await import(pathToFileURL(outfile).href);
