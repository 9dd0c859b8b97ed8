// Where the time of `stack config` goes, phase by phase, cold: each sample
// is a fresh node process that loads the modules and runs each phase once,
// as the CLI does (bench/config-phases.ts). Bundled the way scripts/build.mjs
// bundles the CLI (dependencies inside, lazy chunks split off), and run with
// the V8 flags bin/stack sets (they halve some phases). Prints the minimum
// and the median of wall and CPU time per phase; asserts nothing.
//   node bench/config-phases.mjs [runs] [services]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuildSteps } from '../scripts/build-steps.mjs';
import { composeText } from './config-fixture.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const services = Number(process.argv[3] ?? 50);

await runBuildSteps(root);
const outdir = join(root, 'node_modules', '.cache', 'stack-bench', 'config-phases');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { 'config-phases': 'bench/config-phases.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: "import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The flags bin/stack gives V8 before loading the CLI, read from it so that the two stay the same.
const v8Flags = [...readFileSync(join(root, 'bin', 'stack'), 'utf8').matchAll(/setFlagsFromString\('([^']+)'\)/g)].flatMap((m) => m[1].split(' '));

const dir = mkdtempSync(join(tmpdir(), 'stk-bench-phases-'));
try {
  writeFileSync(join(dir, 'compose.yaml'), composeText(services));
  for (let i = 0; i < services; i += 5) mkdirSync(join(dir, `svc${i}`));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const f = (ms) => ms.toFixed(1).padStart(7);
  console.log(`cold phases of stack config on ${services} services, ${runs} fresh processes per mode, V8 flags: ${v8Flags.join(' ') || 'none'} (load average ${loadavg()[0].toFixed(1)}); ms`);
  console.log(`${'phase'.padEnd(28)} ${'wall min'.padStart(9)} ${'median'.padStart(7)} ${'cpu min'.padStart(9)} ${'median'.padStart(7)}`);
  for (const mode of ['load', 'parse']) {
    const samples = {};
    for (let i = 0; i < runs; i++) {
      const child = spawnSync(process.execPath, [...v8Flags, join(outdir, 'config-phases.js'), mode, 'compose.yaml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TAG: '1' } });
      if (child.status !== 0) throw new Error(`the ${mode} run failed: ${child.stderr}`);
      for (const [phase, t] of Object.entries(JSON.parse(child.stdout))) (samples[phase] ??= []).push(t);
    }
    for (const [phase, ts] of Object.entries(samples)) {
      const wall = ts.map((t) => t.wall);
      const cpu = ts.map((t) => t.cpu);
      console.log(`${`${mode}: ${phase}`.padEnd(28)} ${f(Math.min(...wall))}   ${f(median(wall))}   ${f(Math.min(...cpu))}   ${f(median(cpu))}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
