import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../../base/index.ts';
import { loadProject, memoryHost, type Project } from '../../spec/index.ts';
import { configSnapshot, networkConfigHash, serviceHashInput, snapshotHash, volumeConfigHash, type FileDigests } from '../hash.ts';
import { containerName, imageRef, networkConfig } from '../names.ts';
import type { ContainerState, HealthState, ObservedContainer, ObservedNetwork, ObservedState, ObservedVolume } from '../observed.ts';
import { serviceNetworkKeys, serviceVolumeKeys } from '../usage.ts';

/**
 * Planner goldens: `fixtures/plans/<case>/compose.yaml` (the project, loaded
 * by the real loader), optionally `previous.yaml` (the project the observed
 * containers were created from), `observed.json` (the runtime's state, in a
 * shorthand) and `plan.txt` (planToText of the plan). The shorthand
 * keeps fixtures about their rule: a container says `"config": "current"`
 * (created from the config the project now has) or `"previous"` (from the
 * case's earlier project), and names, ids, networks, volumes and image ids
 * default to what a container created from that config would have.
 * `UPDATE_GOLDENS=1` rewrites plan.txt. See fixtures/plans/README.md.
 */

export const plansDir: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'plans');

type Which = 'current' | 'previous' | 'none';

interface ContainerFixture {
  readonly service: string;
  readonly number?: number;
  readonly name?: string;
  readonly id?: string;
  readonly oneoff?: boolean;
  readonly state?: ContainerState;
  readonly health?: HealthState;
  readonly exitCode?: number;
  readonly config?: Which;
  /** A literal hash label, without a snapshot (a container made by Docker Compose). */
  readonly configHash?: string;
  readonly image?: string;
  readonly networks?: readonly string[];
  readonly volumes?: readonly string[];
  readonly joined?: readonly string[];
}

interface ResourceFixture {
  readonly name: string;
  readonly key?: string;
  readonly config?: Which;
  readonly configHash?: string;
}

export interface ObservedFixture {
  readonly containers?: readonly ContainerFixture[];
  readonly networks?: readonly ResourceFixture[];
  readonly volumes?: readonly ResourceFixture[];
  readonly images?: Readonly<Record<string, string>>;
}

export interface FixtureProjects {
  readonly current: Project;
  readonly previous?: Project;
  readonly digests?: FileDigests;
  readonly previousDigests?: FileDigests;
}

/** The directory a case's files are loaded from: fixed, so no path of this checkout reaches a golden. */
export const fixtureProjectDir = '/srv/app';

/** Loads `<case>/<file>` with the loader, the case's other files beside it (env files...), as project `app`. */
export function loadFixtureProject(name: string, file = 'compose.yaml', options: { consistency?: boolean } = {}): Project | undefined {
  const dir = join(plansDir, name);
  if (!existsSync(join(dir, file))) return undefined;
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir)) files[`${fixtureProjectDir}/${entry}`] = readFileSync(join(dir, entry), 'utf8');
  const result = loadProject({ files: [`${fixtureProjectDir}/${file}`], env: {}, cwd: fixtureProjectDir, projectName: 'app', host: memoryHost(files), ...options });
  if (!result.project) throw new Error(`${name}/${file} does not load: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return result.project;
}

/** Digests keyed by paths relative to the case's directory, as the engine would key them. */
export function fixtureDigests(digests: Readonly<Record<string, string>> | undefined): FileDigests | undefined {
  if (!digests) return undefined;
  return Object.fromEntries(Object.entries(digests).map(([path, digest]) => [`${fixtureProjectDir}/${path}`, digest]));
}

export function readObservedFixture(name: string, projects: FixtureProjects): ObservedState {
  const fixture = JSON.parse(readFileSync(join(plansDir, name, 'observed.json'), 'utf8')) as ObservedFixture;
  return expandObserved(fixture, projects);
}

export function expandObserved(fixture: ObservedFixture, projects: FixtureProjects): ObservedState {
  const { current } = projects;
  const images = fixture.images ?? {};
  const pick = (which: Which | undefined): { project: Project; digests: FileDigests } | undefined => {
    if (which === 'current') return { project: current, digests: projects.digests ?? {} };
    if (which === 'previous') {
      if (!projects.previous) throw new Error('the fixture says "previous" but the case has no previous project');
      return { project: projects.previous, digests: projects.previousDigests ?? projects.digests ?? {} };
    }
    return undefined;
  };
  const containers = (fixture.containers ?? []).map((c): ObservedContainer => {
    const source = pick(c.config);
    const service = source?.project.services[c.service] ?? current.services[c.service] ?? current.disabled_services[c.service] ?? { name: c.service };
    const number = c.number ?? 1;
    const name = c.name ?? containerName(current.name, service, number);
    const snapshot = source ? configSnapshot(serviceHashInput(source.project, service, source.digests)) : undefined;
    const configHash = c.configHash ?? (snapshot === undefined ? undefined : snapshotHash(snapshot));
    const image = c.image ?? images[imageRef(current.name, service) ?? ''];
    const networks = c.networks ?? serviceNetworkKeys(service).flatMap((k) => networkConfig(source?.project ?? current, k)?.name ?? []);
    const volumes = c.volumes ?? serviceVolumeKeys(service).flatMap((k) => (source?.project ?? current).volumes[k]?.name ?? []);
    return {
      id: c.id ?? sha256Hex(`container ${name}`),
      name,
      service: c.service,
      number,
      oneoff: c.oneoff ?? false,
      state: c.state ?? 'running',
      ...(c.health ? { health: c.health } : {}),
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(configHash !== undefined ? { configHash } : {}),
      ...(snapshot !== undefined && c.configHash === undefined ? { config: snapshot } : {}),
      ...(image !== undefined ? { image } : {}),
      networks,
      volumes,
      ...(c.joined ? { joined: c.joined } : {}),
      created: 0,
    };
  });
  const networks = (fixture.networks ?? []).map((n): ObservedNetwork => {
    const source = pick(n.config);
    const key = n.key ?? keyOf(current.networks, n.name) ?? (n.name === `${current.name}_default` ? 'default' : undefined);
    const config = source && key ? networkConfig(source.project, key) : undefined;
    const configHash = n.configHash ?? (config ? networkConfigHash(config) : undefined);
    return { id: sha256Hex(`network ${n.name}`), name: n.name, ...(key ? { key } : {}), ...(configHash ? { configHash } : {}) };
  });
  const volumes = (fixture.volumes ?? []).map((v): ObservedVolume => {
    const source = pick(v.config);
    const key = v.key ?? keyOf(current.volumes, v.name);
    const config = source && key ? source.project.volumes[key] : undefined;
    const configHash = v.configHash ?? (config ? volumeConfigHash(config) : undefined);
    return { name: v.name, ...(key ? { key } : {}), ...(configHash ? { configHash } : {}) };
  });
  return { project: current.name, containers, networks, volumes, images };
}

function keyOf(record: Readonly<Record<string, { readonly name: string }>>, name: string): string | undefined {
  return Object.keys(record).find((key) => record[key]?.name === name);
}

/** Compares with plan.txt, or writes it under UPDATE_GOLDENS=1. Returns the expected text. */
export function goldenText(name: string, actual: string): string {
  const file = join(plansDir, name, 'plan.txt');
  if (process.env.UPDATE_GOLDENS === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return actual;
  }
  if (!existsSync(file)) throw new Error(`${file} does not exist: write it with UPDATE_GOLDENS=1 and review it`);
  return readFileSync(file, 'utf8');
}
