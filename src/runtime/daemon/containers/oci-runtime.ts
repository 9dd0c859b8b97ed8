import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import { readJsonFile, writeJsonAtomic } from '../../../base/index.ts';
import { containerError } from './container-errors.ts';
import type { DaemonLog } from './daemon-log.ts';
import { OciRuntime, type OciRuntimeInfo, type OciRuntimeName } from './oci-runtime-cli.ts';
import { minimalEnv, runCommand } from './run-command.ts';

export { OciRuntime, type OciRuntimeInfo, type OciRuntimeName, type OciState } from './oci-runtime-cli.ts';

/** What the probe found about one binary, remembered per version in `<root>/oci-runtime.json`. */
export interface ProbeVerdict {
  readonly name: OciRuntimeName;
  readonly path: string;
  readonly version: string;
  readonly works: boolean;
  /** Why it does not work, in the runtime's own words (after ours). */
  readonly reason?: string;
  readonly checkedAt: string;
}

interface VerdictFile {
  readonly verdicts: Readonly<Record<string, ProbeVerdict>>;
}

export interface ProbeOptions {
  /** The daemon's state root: verdicts go to `<root>/oci-runtime.json`, runtime state to `<root>/runc`. */
  readonly root: string;
  readonly instanceId: string;
  /** In order of preference; crun first because it is faster when it works. */
  readonly candidates?: readonly OciRuntimeName[];
  readonly log: DaemonLog;
  /** A static binary to run in the probe's root filesystem: busybox-static, else tini-static. */
  readonly staticBinaries?: readonly { readonly path: string; readonly args: readonly string[] }[];
  /** Probe again even when a verdict for this version is on record. */
  readonly reprobe?: boolean;
  readonly signal?: AbortSignal;
}

const DEFAULT_STATIC: readonly { path: string; args: readonly string[] }[] = [
  { path: '/bin/busybox', args: ['true'] },
  { path: '/usr/bin/tini-static', args: ['--version'] },
];

/**
 * Picks the OCI runtime by running a real container with each candidate:
 * a one-binary root filesystem in a temp dir, `<runtime> run` of a no-op,
 * with a cgroup path so the runtime's cgroup setup is exercised too (crun
 * 1.8 refuses this host's hybrid cgroup layout only at that point). The
 * first that exits 0 wins. Verdicts are kept per binary version, so a
 * daemon restart does not probe again until the package is upgraded.
 */
export async function probeOciRuntime(options: ProbeOptions): Promise<{ runtime: OciRuntime; verdicts: ProbeVerdict[] }> {
  const file = join(options.root, 'oci-runtime.json');
  const cached = ((await readJsonFile(file).catch(() => undefined)) as VerdictFile | undefined)?.verdicts ?? {};
  const verdicts: Record<string, ProbeVerdict> = { ...cached };
  const tried: ProbeVerdict[] = [];
  let chosen: OciRuntimeInfo | undefined;
  for (const name of options.candidates ?? ['crun', 'runc']) {
    const path = findExecutable(name);
    if (!path) continue;
    const version = await readVersion(path);
    let verdict = verdicts[path];
    if (!verdict || verdict.version !== version || options.reprobe) {
      verdict = await probeOne({ name, path, version }, options);
      verdicts[path] = verdict;
    }
    tried.push(verdict);
    if (verdict.works) {
      chosen = { name, path, version };
      break;
    }
    options.log('warn', `OCI runtime ${name} ${version} cannot run containers on this host; trying the next one`, { path, reason: verdict.reason });
  }
  await mkdir(options.root, { recursive: true });
  await writeJsonAtomic(file, { verdicts } satisfies VerdictFile);
  if (!chosen) {
    const why = tried.map((v) => `${v.name} ${v.version}: ${v.reason ?? 'failed'}`).join('; ');
    throw containerError('STK5207', 'Unavailable', {
      message: tried.length === 0 ? 'no OCI runtime found (neither crun nor runc is installed)' : `no OCI runtime works on this host (${why})`,
      hint: 'Install runc (bash scripts/setup installs it), and check that cgroups are mounted.',
    });
  }
  options.log('info', `using OCI runtime ${chosen.name} ${chosen.version}`, { path: chosen.path });
  return { runtime: new OciRuntime(chosen, join(options.root, 'runc')), verdicts: tried };
}

async function probeOne(info: OciRuntimeInfo, options: ProbeOptions): Promise<ProbeVerdict> {
  const checkedAt = new Date().toISOString();
  const binary = (options.staticBinaries ?? DEFAULT_STATIC).find((b) => existsSync(b.path));
  if (!binary) return { ...info, works: false, reason: 'no static binary (busybox-static or tini-static) to run in the probe container', checkedAt };
  const token = randomBytes(4).toString('hex');
  const dir = join(options.root, 'tmp', `probe-${token}`);
  const id = `stack-probe-${token}`;
  const cgroupParent = `stack-${options.instanceId}`;
  const runtime = new OciRuntime(info, join(options.root, 'runc'));
  try {
    await mkdir(join(dir, 'rootfs', 'proc'), { recursive: true });
    // Keep the binary's own name: busybox picks its applet from argv[0].
    const inside = `/${basename(binary.path)}`;
    await copyFile(binary.path, join(dir, 'rootfs', inside));
    await writeFile(join(dir, 'config.json'), JSON.stringify(probeSpec([inside, ...binary.args], `/${cgroupParent}/${id}`)));
    const result = await runCommand(info.path, [...runtime.globalArgs, 'run', '--bundle', dir, id], { timeoutMs: 30_000, signal: options.signal, env: minimalEnv() });
    if (result.code === 0) return { ...info, works: true, checkedAt };
    const reason = lastMeaningfulLine(result.stderr) || `exit status ${result.code ?? result.signal}`;
    return { ...info, works: false, reason, checkedAt };
  } catch (error) {
    return { ...info, works: false, reason: error instanceof Error ? error.message : String(error), checkedAt };
  } finally {
    await runtime.delete(id, { force: true }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await removeCgroup(`${cgroupParent}/${id}`);
    await removeCgroup(cgroupParent); // fails harmlessly while containers of this instance exist
  }
}

/** The smallest spec that still makes the runtime create namespaces and cgroups. */
function probeSpec(args: readonly string[], cgroupsPath: string): unknown {
  const caps = ['CAP_KILL'];
  return {
    ociVersion: '1.0.2',
    process: { terminal: false, user: { uid: 0, gid: 0 }, args, env: ['PATH=/'], cwd: '/', capabilities: { bounding: caps, effective: caps, permitted: caps }, noNewPrivileges: true },
    root: { path: 'rootfs', readonly: true },
    hostname: 'probe',
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
    linux: { namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'network' }], cgroupsPath, resources: { devices: [{ allow: false, access: 'rwm' }] } },
  };
}

/** The mount points of the cgroup hierarchies, read once: they do not change while the daemon runs. */
let cgroupHierarchies: Promise<string[]> | undefined;
function hierarchies(): Promise<string[]> {
  cgroupHierarchies ??= readFile('/proc/self/mountinfo', 'utf8').then(
    (text) =>
      text
        .split('\n')
        .filter((l) => / - cgroup2? /.test(l))
        .map((l) => l.split(' ')[4] ?? '')
        .filter(Boolean),
    () => [],
  );
  return cgroupHierarchies;
}

/** Removes a cgroup directory under every hierarchy (runc removes its leaf on exit; a failed runtime may not). */
export async function removeCgroup(relativePath: string): Promise<void> {
  await Promise.all((await hierarchies()).map((h) => rmdir(join(h, relativePath)).catch(() => undefined)));
}

function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function readVersion(path: string): Promise<string> {
  const result = await runCommand(path, ['--version'], { timeoutMs: 10_000 }).catch(() => undefined);
  const first = result?.stdout.split('\n')[0] ?? '';
  return /version\s+(\S+)/.exec(first)?.[1] ?? (first.trim() || 'unknown');
}

function lastMeaningfulLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // runc prints JSON log lines with --log-format json; crun prints plain text. Keep the message either way.
  const last = lines.at(-1) ?? '';
  try {
    const parsed = JSON.parse(last) as { msg?: string };
    return parsed.msg ?? last;
  } catch {
    return last;
  }
}
