// Runs scripts/record-events.ts (re-records fixtures/events from real runs on a private stackd):
// bundles it with esbuild (Node 20 runs no TypeScript; dependencies stay external) and imports it.
// Usage, as root, after `npm run build`: node scripts/record-events.mjs
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'node_modules', '.cache', 'stack-scripts', 'record-events.mjs');
await build({ absWorkingDir: root, entryPoints: ['scripts/record-events.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
process.env.STACK_REPO = root;
await import(pathToFileURL(outfile).href);
