// Container start/stop figures on runc + conmon through ContainerManager, against the floor: a raw
// `runc run` of the same bundle. Prints medians and p90s; asserts nothing. Run: node bench/containers.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerManager, probeOciRuntime } from '../src/runtime/daemon/containers/index.ts';
import { VolumeStore } from '../src/runtime/daemon/volumes/index.ts';
import { makeBusyboxRootfs } from '../test/helpers/busybox.ts';
import { forceClean } from '../test/integration/containers-fixture.ts';

const RUNS = Number(process.env.RUNS ?? 30);
const root = mkdtempSync('/tmp/stkb-');
const instanceId = Math.random().toString(16).slice(2, 6);

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  return `median ${at(0.5).toFixed(1)} ms  p10 ${at(0.1).toFixed(1)}  p90 ${at(0.9).toFixed(1)}  (n=${s.length})`;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

try {
  const layer = join(root, 'layers', '1');
  mkdirSync(layer, { recursive: true });
  makeBusyboxRootfs(layer);
  const image = { id: `sha256:${'cd'.repeat(32)}`, config: { config: { Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'] } }, layerDirs: [layer] };
  const { runtime } = await probeOciRuntime({ root, instanceId, log: () => {} });
  const { manager } = await ContainerManager.open({ root, instanceId, runtime, volumes: new VolumeStore({ dir: join(root, 'volumes') }) });
  console.log(`stackd containers on ${runtime.info.name} ${runtime.info.version}, ${RUNS} runs each`);

  // The floor: `runc run` (foreground, create+start+wait+delete in one process) of a bundle our builder made.
  const { Id: templateId } = await manager.create({ body: { Cmd: ['true'] }, image });
  await manager.start(templateId);
  await manager.wait(templateId);
  const bundle = join(root, 'raw-bundle');
  mkdirSync(bundle);
  const spec = JSON.parse(readFileSync(join(root, 'containers', templateId, 'config.json'), 'utf8')) as { linux: { cgroupsPath: string } };
  const raw: number[] = [];
  const create: number[] = [];
  const start: number[] = [];
  const both: number[] = [];
  const stopKill: number[] = [];
  const stopTerm: number[] = [];
  const remove: number[] = [];
  // Interleaved with ours, so both see the same machine load.
  for (let i = 0; i < RUNS; i += 1) {
    spec.linux.cgroupsPath = `/stack-${instanceId}/raw-${i}`;
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
    raw.push(await time(() => spawnSync(runtime.info.path, ['--root', join(root, 'runc'), 'run', '--bundle', bundle, `raw-${i}`], { stdio: 'ignore' })));
    let id = '';
    const c = await time(async () => (id = (await manager.create({ body: { Cmd: ['sleep', '1000'] }, image })).Id));
    const s = await time(() => manager.start(id));
    create.push(c);
    start.push(s);
    both.push(c + s);
    stopKill.push(await time(() => manager.stop(id, { timeoutSec: 0 })));
    remove.push(await time(() => manager.remove(id)));
    const { Id: graceful } = await manager.create({ body: { Cmd: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.05; done"] }, image });
    await manager.start(graceful);
    stopTerm.push(await time(() => manager.stop(graceful, { timeoutSec: 10 })));
    await manager.remove(graceful);
  }
  console.log(`raw runc run of the same bundle (/bin/true)      ${stats(raw)}`);
  console.log(`create (overlay mount, record)                   ${stats(create)}`);
  console.log(`start (bundle, conmon + runc create, runc start) ${stats(start)}`);
  console.log(`create + start                                   ${stats(both)}`);
  console.log(`stop, SIGKILL at once (timeout 0)                ${stats(stopKill)}`);
  console.log(`stop, exits on SIGTERM                           ${stats(stopTerm)}`);
  console.log(`remove (stopped)                                 ${stats(remove)}`);
  const medianRatio = [...both].sort((a, b) => a - b)[Math.floor(both.length / 2)]! / [...raw].sort((a, b) => a - b)[Math.floor(raw.length / 2)]!;
  console.log(`create + start vs raw runc run: ${medianRatio.toFixed(2)}x`);
  await manager.remove(templateId);
  await manager[Symbol.asyncDispose]();
} finally {
  const leftovers = forceClean(root, instanceId).filter((l) => !l.startsWith('cgroup parent'));
  if (leftovers.length > 0) console.log(`cleaned up by force: ${leftovers.join(', ')}`);
  rmSync(root, { recursive: true, force: true });
}
