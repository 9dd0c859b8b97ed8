/**
 * bench/dashboard's runs against the real runtime: a private stackd (the
 * test harness's, its own state root and address pool, removed at the end)
 * with a project of 20 services brought up by the engine, and the
 * dashboard's real source over it (snapshot, events, stats every 2 s as
 * `stack dashboard` samples them, logs through the log follower).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { converge } from '../src/engine/index.ts';
import { RuntimeDashboardSource } from '../src/engine/dashboard/index.ts';
import { createRuntimeClient, projectFilter, type RuntimeClient } from '../src/runtime/client/index.ts';
import { loadProject, type Project } from '../src/spec/index.ts';
import { ensureBusyboxImage } from '../test/helpers/docker-images.ts';
import { missingStackd, startStackd, type StackdHandle } from '../test/helpers/stackd.ts';

export type RuntimeProject = 'quiet' | 'chatty';

/** 20 services that sleep; `chatty`: svc01 (the one the dashboard selects first) writes about 200 lines a second, in bursts of 10 every 50 ms. */
export function projectText(kind: RuntimeProject): string {
  const quiet = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;
  const chatty = `["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do for j in 0 1 2 3 4 5 6 7 8 9; do i=$$((i+1)); echo \\"GET /api/items/$$i 200 1.2ms\\"; done; usleep 50000; done"]`;
  const services = Array.from({ length: 20 }, (_, i) => {
    const name = `svc${String(i + 1).padStart(2, '0')}`;
    const command = kind === 'chatty' && i === 0 ? chatty : quiet;
    return `  ${name}:\n    image: stack-test/busybox:latest\n    command: ${command}\n`;
  });
  return `name: bench-${kind}\nservices:\n${services.join('')}`;
}

/** Why the runtime runs cannot happen here, or undefined. */
export function missingRuntime(): string | undefined {
  return missingStackd();
}

export interface RuntimeWorld extends AsyncDisposable {
  readonly socketPath: string;
  /** Brings a project up (the one before it down) and gives the directory its compose.yaml is in. */
  up(kind: RuntimeProject): Promise<string>;
}

/** A private stackd with the test image; `up()` brings the bench projects up in turn. */
export async function startRuntimeWorld(): Promise<RuntimeWorld> {
  const stackd: StackdHandle = await startStackd();
  const client = await createRuntimeClient({ runtime: 'bundled', env: {}, socketPath: stackd.socketPath });
  const work = mkdtempSync('/tmp/stk-bench-dash-');
  let current: string | undefined;
  try {
    await ensureBusyboxImage(client);
  } catch (error) {
    client[Symbol.dispose]();
    await stackd.dispose();
    throw error;
  }
  const down = async (project: string) => {
    for (const c of await client.listContainers({ all: true, labels: [projectFilter(project)] })) await client.removeContainer(c.id, { force: true });
    for (const n of await client.listNetworks({ labels: [projectFilter(project)] })) await client.removeNetwork(n.id);
  };
  return {
    socketPath: stackd.socketPath,
    async up(kind) {
      if (current) await down(current);
      const dir = join(work, kind);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'compose.yaml'), projectText(kind));
      const project = loadBench(dir);
      const result = await converge({ client, project, reconcile: {}, emit: () => {}, signal: new AbortController().signal, parallel: -1, version: 'bench', command: 'up' });
      if (result.failed.length > 0 || result.diagnostics.some((d) => d.severity === 'error')) throw new Error(`up of ${kind} failed: ${result.failed.map((f) => f.error.message).join('; ')}`);
      current = project.name;
      return dir;
    },
    async [Symbol.asyncDispose]() {
      client[Symbol.dispose]();
      const left = await stackd.dispose();
      rmSync(work, { recursive: true, force: true });
      if (left.length > 0) console.error(`stackd left ${left.join(', ')}`);
    },
  };
}

export function loadBench(dir: string): Project {
  const loaded = loadProject({ files: [], cwd: dir, env: {} });
  if (!loaded.project) throw new Error(loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return loaded.project;
}

/** In the measured process: the dashboard's real source over the bench stackd, as `stack dashboard` makes it. */
export async function runtimeSource(socketPath: string, dir: string): Promise<{ source: RuntimeDashboardSource; client: RuntimeClient & Disposable }> {
  const client = await createRuntimeClient({ runtime: 'bundled', env: {}, socketPath });
  const project = loadBench(dir);
  const source = new RuntimeDashboardSource({ client, project, files: project.config_files, reload: async () => ({ project: loadBench(dir), diagnostics: [], files: project.config_files }), parallel: -1, version: 'bench' });
  return { source, client };
}
