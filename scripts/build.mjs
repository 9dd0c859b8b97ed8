// Bundles the CLI and stackd into dist/ with esbuild, so that running
// `stack` costs no TypeScript compilation and little module resolution.
// Heavy dependencies stay external and are imported lazily by the commands
// that need them (ink/react for the TUI, dockerode for the runtime client).
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Build steps that generate sources (schema validators...) run first.
const steps = join(root, 'scripts', 'build-steps.mjs');
if (existsSync(steps)) await (await import(steps)).runBuildSteps(root);

const entryPoints = { cli: 'src/cli/entry.ts' };
if (existsSync(join(root, 'src/runtime/daemon/entry.ts'))) entryPoints.stackd = 'src/runtime/daemon/entry.ts';

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['dockerode', 'ink', 'react', 'react/*', 'chokidar', 'ink-testing-library', 'yoga-layout', 'cpu-features', 'ssh2'],
  define: { __STACK_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies (ajv's runtime) call require(); give ESM chunks one.
  banner: { js: "import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);" },
  jsx: 'automatic',
  logLevel: 'warning',
  legalComments: 'none',
});
