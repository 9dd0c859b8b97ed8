// Runs bench/runtime-client.ts: bundles it with esbuild (Node 20 runs no TypeScript) next
// to node_modules so its packages resolve, then imports it.
//   node bench/runtime-client.mjs      (uses the test harness's dockerd: reused, or started as root)
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'node_modules', '.cache', 'stack-bench', 'runtime-client.mjs');
mkdirSync(dirname(outfile), { recursive: true });
await build({ absWorkingDir: root, entryPoints: ['bench/runtime-client.ts'], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
