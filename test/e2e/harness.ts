import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { isErrorClass } from '../../src/base/index.ts';
import { composeLabel, createRuntimeClient, projectFilter, type ContainerSummary, type RuntimeClient } from '../../src/runtime/client/index.ts';
import { ensureBusyboxImage } from '../helpers/docker-images.ts';
import { ensureDockerd, missingDockerd } from '../helpers/dockerd.ts';
import { eventually } from '../helpers/eventually.ts';
import { repoRoot } from '../helpers/requirements.ts';
import { uniqueId } from '../helpers/temp.ts';

/**
 * The end-to-end harness: the built `bin/stack` against a real runtime,
 * Compose's SCENARIO.md style. A scenario copies its fixture
 * (fixtures/e2e/<TestName>/, runnable by hand with `stack up` in that
 * directory) into a temporary directory, gets a unique project name and a
 * random 10.2xx.y.0/24 subnet for its networks, runs commands, and checks
 * state through the runtime API. Everything it made is removed in
 * `dispose`, even when the scenario failed half-way.
 *
 * The runtime is a parameter: `dockerTarget()` today; stackd's target
 * (runtime name and socket) plugs into the same suites later.
 */
export interface RuntimeTarget {
  /** `--runtime` of every command. */
  readonly runtime: 'docker' | 'bundled';
  /** What the commands need to reach it (DOCKER_HOST, or stackd's socket). */
  readonly env: Readonly<Record<string, string>>;
  readonly client: RuntimeClient;
  dispose(): Promise<void>;
}

export interface TargetFactory {
  readonly name: string;
  /** Why it cannot run here, or undefined. */
  readonly missing: string | undefined;
  /** An environment that points the CLI at an endpoint where nothing listens, and the address the error must name. */
  readonly unreachable: { readonly env: Readonly<Record<string, string>>; readonly names: string };
  open(): Promise<RuntimeTarget>;
}

export const dockerFactory: TargetFactory = {
  name: 'docker',
  missing: missingDockerd(),
  unreachable: { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, names: '/nonexistent/docker.sock' },
  async open() {
    await prepareStackBinary();
    const dockerd = await ensureDockerd();
    const client = await createRuntimeClient({ runtime: 'docker', env: dockerd.env });
    await ensureBusyboxImage(client);
    return {
      runtime: 'docker',
      env: dockerd.env,
      client,
      dispose: async () => {
        client[Symbol.dispose]();
        await dockerd.dispose();
      },
    };
  },
};

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Whether the CLI is built; the scenarios run the bundle, as users do. */
export function missingBuild(): string | undefined {
  return existsSync(join(repoRoot, 'dist', 'cli.js')) ? undefined : 'needs the built CLI (npm run build)';
}

let snapshot: string | undefined;

/**
 * Copies the built CLI once per test process under node_modules/.cache (so
 * its external imports still resolve): a rebuild of dist/ by someone else
 * while the scenarios run (`npm run build` empties it first) cannot pull the
 * binary from under them. Removed when the process exits.
 */
export async function prepareStackBinary(): Promise<void> {
  if (snapshot !== undefined) return;
  const dir = join(repoRoot, 'node_modules', '.cache', 'stack-e2e', `${process.pid}-${uniqueId(6)}`);
  await eventually(
    () => {
      rmSync(dir, { recursive: true, force: true });
      cpSync(join(repoRoot, 'dist'), dir, { recursive: true });
      if (!existsSync(join(dir, 'cli.js'))) throw new Error('dist/cli.js is missing (a build running?)');
    },
    { timeoutMs: 60_000, intervalMs: 200, what: 'a complete dist/ to copy (run `npm run build`)' },
  );
  snapshot = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}

export function stackBinary(): string {
  if (snapshot === undefined) throw new Error('prepareStackBinary() was not called (the target factory does it)');
  return join(snapshot, 'cli.js');
}

export class Scenario {
  readonly project = `e2e${uniqueId(8)}`;
  readonly dir: string;
  /** A subnet of its own for the project's networks (fixtures read it as ${E2E_SUBNET}). */
  readonly subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/24`;
  readonly #target: RuntimeTarget;
  readonly #children = new Set<ChildProcess>();
  readonly #vars: Record<string, string> = {};

  constructor(target: RuntimeTarget, fixture: string) {
    this.#target = target;
    this.dir = mkdtempSync(join(tmpdir(), 'stk-e2e-'));
    cpSync(join(repoRoot, 'fixtures', 'e2e', fixture), this.dir, { recursive: true });
  }

  get client(): RuntimeClient {
    return this.#target.client;
  }

  /** A variable for interpolation in the fixture (`${WEB_PORT}`), passed to every later command. */
  setVar(name: string, value: string): void {
    this.#vars[name] = value;
  }

  env(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      ...this.#target.env,
      STACK_RUNTIME: this.#target.runtime,
      COMPOSE_PROJECT_NAME: this.project,
      E2E_SUBNET: this.subnet,
      ...this.#vars,
      ...extra,
    };
  }

  /** Runs `stack <args>` in the scenario's directory, plain progress, and waits for it. */
  stack(args: readonly string[], options: { env?: Readonly<Record<string, string>>; input?: string } = {}): Promise<CommandResult> {
    const child = this.spawn(args, options.env);
    child.stdin?.end(options.input ?? '');
    return collect(child);
  }

  /** Starts `stack <args>` without waiting (`logs -f`, attached `up`, a run to kill). */
  spawn(args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildProcess {
    const child = spawn(process.execPath, [stackBinary(), '--progress', 'plain', ...args], { cwd: this.dir, env: this.env(env), stdio: ['pipe', 'pipe', 'pipe'] });
    this.#children.add(child);
    child.on('exit', () => this.#children.delete(child));
    return child;
  }

  readFile(name: string): string {
    return readFileSync(join(this.dir, name), 'utf8');
  }

  writeFile(name: string, text: string): void {
    writeFileSync(join(this.dir, name), text);
  }

  /** The project's containers as the runtime lists them (one-offs included), sorted by name. */
  async containers(): Promise<ContainerSummary[]> {
    const list = await this.client.listContainers({ all: true, labels: [projectFilter(this.project)] });
    return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async container(name: string): Promise<ContainerSummary | undefined> {
    return (await this.containers()).find((c) => c.name === name);
  }

  /** Container name → id, for checking that a pass touched nothing. */
  async ids(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.containers()).map((c) => [c.name, c.id]));
  }

  async networks(): Promise<string[]> {
    return (await this.client.listNetworks({ labels: [projectFilter(this.project)] })).map((n) => n.name).sort();
  }

  async volumes(): Promise<string[]> {
    return (await this.client.listVolumes({ labels: [projectFilter(this.project)] })).map((v) => v.name).sort();
  }

  /** Stops what it started, then removes every object of the project, by label, whatever state the scenario left. */
  async dispose(): Promise<void> {
    for (const child of this.#children) if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
    try {
      const containers = await this.client.listContainers({ all: true, labels: [projectFilter(this.project)] });
      await Promise.all(containers.map((c) => this.client.removeContainer(c.id, { force: true, volumes: true }).catch(ignoreGone)));
      for (const n of await this.client.listNetworks({ labels: [projectFilter(this.project)] })) await this.client.removeNetwork(n.id).catch(ignoreGone);
      for (const v of await this.client.listVolumes({ labels: [projectFilter(this.project)] })) await this.client.removeVolume(v.name).catch(ignoreGone);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

function ignoreGone(error: unknown): void {
  if (!isErrorClass(error, 'NotFound')) throw error;
}

/**
 * For a describe: the runtime `factory` opens before its tests; `scenario(fixture)`
 * is a fresh project of that fixture. After the tests, what was `defer`red
 * (last first), then every project with what it made, then the runtime, even
 * when a test failed.
 */
export function scenariosOn(factory: TargetFactory): { readonly scenario: (fixture: string) => Scenario; readonly defer: (undo: () => Promise<void> | void) => void } {
  let target: RuntimeTarget | undefined;
  const scenarios: Scenario[] = [];
  const deferred: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    target = await factory.open();
  });
  afterAll(async () => {
    try {
      for (const undo of deferred.reverse()) await undo();
      for (const s of scenarios) await s.dispose();
    } finally {
      await target?.dispose();
    }
  });
  return {
    scenario(fixture) {
      if (!target) throw new Error('the runtime did not start (see beforeAll)');
      const s = new Scenario(target, fixture);
      scenarios.push(s);
      return s;
    },
    defer: (undo) => void deferred.push(undo),
  };
}

export function collect(child: ChildProcess): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export { freePort } from '../helpers/ports.ts';

/** The codes a command printed (`error STK4501: ...`), in order. */
export function codes(output: string): string[] {
  return [...output.matchAll(/STK\d{4}/g)].map((m) => m[0]);
}

export const serviceLabel = composeLabel.service;
