/**
 * Schema validation figures: the build-time (standalone) validator that ships
 * against the same schema compiled by ajv at run time. Startup (a fresh node
 * process that loads the validator), in-process compile cost, and time to
 * validate a generated 50-service file and the whole corpus; then the cost of
 * turning errors into diagnostics. Prints medians; asserts nothing.
 * Run with `node bench/validate.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { composeSchema, validateCompose } from '../src/spec/generated/compose-validator.js';
import { validateDocument } from '../src/spec/validate.ts';

const runs = Number(process.env.RUNS ?? 9);
const root = process.cwd();
const generatedFile = join(root, 'src', 'spec', 'generated', 'compose-validator.js');
const ajvOptions = { allErrors: true, strict: true, allowUnionTypes: true };

/** 50 services of the usual shapes: images and builds, ports, environment, volumes, healthchecks, dependencies, limits. */
function fiftyServices(): unknown {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < 50; i++) {
    services[`svc${i}`] = {
      ...(i % 5 === 0 ? { build: { context: `./svc${i}`, args: { VERSION: '1.0' } } } : {}),
      image: `example/svc${i}:${i}`,
      restart: 'unless-stopped',
      command: ['run', '--port', String(8000 + i)],
      ports: [`${10000 + i}:${8000 + i}`, { target: 9000, published: String(20000 + i), protocol: 'udp', host_ip: '127.0.0.1' }],
      environment: { SERVICE_NAME: `svc${i}`, LOG_LEVEL: 'info', DATABASE_URL: `postgres://db:5432/svc${i}` },
      volumes: [`data${i % 10}:/var/lib/svc`, { type: 'bind', source: `./config/svc${i}.yml`, target: '/etc/svc.yml', read_only: true }],
      networks: ['front', 'back'],
      healthcheck: { test: ['CMD', 'wget', '-q', '-O-', `http://localhost:${8000 + i}/health`], interval: '30s', timeout: '5s', retries: 3 },
      labels: { 'com.example.team': `team${i % 4}`, 'com.example.tier': 'backend' },
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      ...(i > 0 ? { depends_on: { [`svc${i - 1}`]: { condition: 'service_started' } } } : {}),
      ...(i % 7 === 0 ? { deploy: { resources: { limits: { cpus: '0.5', memory: '256M' } } } } : {}),
    };
  }
  const volumes = Object.fromEntries(Array.from({ length: 10 }, (_, v) => [`data${v}`, {}]));
  return { name: 'bench', services, networks: { front: {}, back: { internal: true } }, volumes };
}

function corpus(): unknown[] {
  const dir = process.env.STACK_SHARED_DIR ? join(process.env.STACK_SHARED_DIR, 'corpus') : join(root, '..', 'shared', 'corpus');
  if (!existsSync(dir)) return [];
  const out: unknown[] = [];
  const visit = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (/\.ya?ml$/.test(entry)) {
        const doc = parseDocument(readFileSync(path, 'utf8'), { merge: true });
        if (doc.errors.length === 0) out.push(doc.toJS({ maxAliasCount: -1 }));
      }
    }
  };
  visit(dir);
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median time of `fn` in ms, repeated `inner` times per sample and divided back. */
function time(fn: () => unknown, inner = 1): number {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (let i = 0; i < inner; i++) fn();
    samples.push((performance.now() - start) / inner);
  }
  return median(samples);
}

/** Median wall time of a fresh node process running `code`. */
function processTime(code: string): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`bench child failed: ${result.stderr}`);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function row(label: string, ms: number, note = ''): void {
  const value = ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
  console.log(`  ${label.padEnd(46)} ${value.padStart(11)}${note ? `   ${note}` : ''}`);
}

const schemaFile = join(root, 'schemas', 'compose.schema.json');
const ajv2020Url = pathToFileURL(join(root, 'node_modules', 'ajv', 'dist', '2020.js')).href;
const bare = processTime('');
const standaloneStart = processTime(`await import(${JSON.stringify(pathToFileURL(generatedFile).href)});`);
const compiledStart = processTime(
  `import { readFileSync } from 'node:fs'; const { Ajv2020 } = await import(${JSON.stringify(ajv2020Url)});` +
    ` new Ajv2020(${JSON.stringify(ajvOptions)}).compile(JSON.parse(readFileSync(${JSON.stringify(schemaFile)}, 'utf8')));`,
);

const firstCompileStart = performance.now();
const compiled = new Ajv2020(ajvOptions).compile(composeSchema);
const firstCompile = performance.now() - firstCompileStart;
const compile = time(() => new Ajv2020(ajvOptions).compile(composeSchema));

const fifty = fiftyServices();
if (!validateCompose(fifty) || !compiled(fifty)) throw new Error('the 50-service bench file must be valid');
const documents = corpus();

console.log(`schema validation, median of ${runs} runs (generated validator: ${(statSync(generatedFile).size / 1024).toFixed(0)} KiB)`);
console.log('startup, a fresh node process:');
row('node -e 0 (floor)', bare);
row('load the standalone validator', standaloneStart, `+${(standaloneStart - bare).toFixed(1)} ms over the floor`);
row('load ajv and compile the schema', compiledStart, `+${(compiledStart - bare).toFixed(1)} ms over the floor`);
console.log('in process:');
row('ajv compile, first in the process', firstCompile);
row('ajv compile, warm', compile);
row('50-service file, standalone', time(() => validateCompose(fifty), 200));
row('50-service file, compiled at run time', time(() => compiled(fifty), 200));
if (documents.length > 0) {
  row(`corpus (${documents.length} documents), standalone`, time(() => documents.forEach((d) => validateCompose(d)), 5));
  row(`corpus (${documents.length} documents), compiled at run time`, time(() => documents.forEach((d) => compiled(d)), 5));
} else {
  console.log('  corpus: ../shared/corpus is absent, skipped');
}

// A 50-service file with one mistake in each service: ajv's errors, then ours.
const broken = structuredClone(fifty) as { services: Record<string, Record<string, unknown>> };
for (const service of Object.values(broken.services)) {
  service.imagee = service.image;
  (service.ports as unknown[]).push(true);
}
const noLocation = () => undefined;
console.log('with 100 mistakes (an unknown key and a bad port in each service):');
row('validate only (standalone)', time(() => validateCompose(broken), 20));
row('validateDocument (diagnostics, hints)', time(() => validateDocument(broken, 'compose.yaml', noLocation), 20), `${validateDocument(broken, 'compose.yaml', noLocation).length} diagnostics`);
