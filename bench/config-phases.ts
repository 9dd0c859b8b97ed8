/**
 * One cold run of the config path in a fresh process, phase by phase, as
 * `stack config` meets them: loading the modules, then loadProject,
 * composeDocument, composeYaml and composeJson, each timed once (wall and
 * process CPU). With `parse`, only the YAML reading instead: the library's
 * parseAllDocuments, then our parseComposeText (both cold). Started by
 * bench/config-phases.mjs, which prints the figures.
 */
import { performance } from 'node:perf_hooks';

const [mode = 'load', file = 'compose.yaml'] = process.argv.slice(2);
const phases: Record<string, { wall: number; cpu: number }> = {};

async function timed<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  phases[name] = { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
  return value;
}

const work = await timed('modules', () => import('./config-phases-work.ts'));
if (mode === 'parse') {
  const text = work.readText(file);
  await timed('yaml library parse', () => work.libraryParse(text));
  await timed('parseComposeText', () => work.ourParse(text, file));
} else {
  const project = await timed('loadProject', () => work.load(file));
  const document = await timed('composeDocument', () => work.document(project));
  await timed('composeYaml', () => work.yaml(document));
  await timed('composeJson', () => work.json(document));
}
process.stdout.write(JSON.stringify(phases) + '\n');
