// Bundles the CLI and stackd into dist/ with esbuild, so that running
// `stack` costs no TypeScript compilation and little module resolution.
// Heavy dependencies are imported lazily by the commands that need them: the
// TUI's ink/react stay external; dockerode is bundled (into its own chunk,
// loaded only by commands that talk to a runtime) without the SSH and gRPC
// libraries it would load and stack never uses (scripts/unavailable-module.cjs).
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Build steps that generate sources (schema validators...) run first.
const steps = join(root, 'scripts', 'build-steps.mjs');
if (existsSync(steps)) await (await import(steps)).runBuildSteps(root);

/** dockerode's dependencies that stack never uses, replaced in the bundle by a module that fails loudly if reached. */
const unused = ['ssh2', 'cpu-features', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs'];
const leaveOutUnused = {
  name: 'leave-out-unused',
  setup(b) {
    const filter = new RegExp(`^(${unused.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, () => ({ path: join(root, 'scripts', 'unavailable-module.cjs') }));
  },
};

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
  external: ['ink', 'react', 'react/*', 'chokidar', 'ink-testing-library', 'yoga-layout'],
  plugins: [leaveOutUnused],
  define: { __STACK_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies (ajv's runtime, dockerode) call require(); give ESM chunks one.
  banner: { js: "import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);" },
  jsx: 'automatic',
  logLevel: 'warning',
  legalComments: 'none',
});
