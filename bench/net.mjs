// Runs bench/net.ts: bundles it with esbuild (Node 20 runs no TypeScript) next
// to node_modules so its packages resolve, then imports it.
//   sudo node bench/net.mjs            (root: namespaces and veths; without root only the proxy part runs)
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'node_modules', '.cache', 'stack-bench', 'net.mjs');
mkdirSync(dirname(outfile), { recursive: true });
await build({ absWorkingDir: root, entryPoints: ['bench/net.ts'], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
