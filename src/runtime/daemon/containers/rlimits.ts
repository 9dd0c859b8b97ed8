import { invalidConfig } from './container-errors.ts';
import type { Ulimit } from './docker-types.ts';
import type { OciRlimit } from './oci-types.ts';

/** RLIM_INFINITY in our objects; serializeOciSpec writes it as the uint64 max runc expects. */
export const RLIM_INFINITY = -1;

export interface HostRlimit {
  readonly soft: number;
  readonly hard: number;
}

const PROC_LIMIT_NAMES: Readonly<Record<string, string>> = {
  'Max cpu time': 'RLIMIT_CPU',
  'Max file size': 'RLIMIT_FSIZE',
  'Max data size': 'RLIMIT_DATA',
  'Max stack size': 'RLIMIT_STACK',
  'Max core file size': 'RLIMIT_CORE',
  'Max resident set': 'RLIMIT_RSS',
  'Max processes': 'RLIMIT_NPROC',
  'Max open files': 'RLIMIT_NOFILE',
  'Max locked memory': 'RLIMIT_MEMLOCK',
  'Max address space': 'RLIMIT_AS',
  'Max file locks': 'RLIMIT_LOCKS',
  'Max pending signals': 'RLIMIT_SIGPENDING',
  'Max msgqueue size': 'RLIMIT_MSGQUEUE',
  'Max nice priority': 'RLIMIT_NICE',
  'Max realtime priority': 'RLIMIT_RTPRIO',
  'Max realtime timeout': 'RLIMIT_RTTIME',
};

/** Docker's ulimit names (`nofile`, `nproc`, ...), which are the RLIMIT_ names in lower case. */
const ULIMIT_NAMES = new Set(Object.values(PROC_LIMIT_NAMES).map((n) => n.slice('RLIMIT_'.length).toLowerCase()));

/** Node has no getrlimit: read this process's limits from /proc/self/limits. */
export function parseProcLimits(text: string): Map<string, HostRlimit> {
  const out = new Map<string, HostRlimit>();
  for (const line of text.split('\n')) {
    for (const [label, type] of Object.entries(PROC_LIMIT_NAMES)) {
      if (!line.startsWith(label)) continue;
      const fields = line.slice(label.length).trim().split(/\s+/);
      const soft = fields[0] === 'unlimited' ? RLIM_INFINITY : Number(fields[0]);
      const hard = fields[1] === 'unlimited' ? RLIM_INFINITY : Number(fields[1]);
      if (!Number.isNaN(soft) && !Number.isNaN(hard)) out.set(type, { soft, hard });
    }
  }
  return out;
}

/**
 * `HostConfig.Ulimits` as OCI rlimits, never above this process's hard
 * limits: root here lacks CAP_SYS_RESOURCE, and runc's setrlimit fails when
 * asked to raise a hard limit (podman fails on this host for that reason).
 * Without ulimits the container inherits ours, as with Docker's defaults.
 */
export function buildRlimits(ulimits: readonly Ulimit[] | null | undefined, host: ReadonlyMap<string, HostRlimit>): OciRlimit[] {
  const out: OciRlimit[] = [];
  for (const limit of ulimits ?? []) {
    const name = limit.Name.toLowerCase();
    if (!ULIMIT_NAMES.has(name)) throw invalidConfig(`unknown ulimit "${limit.Name}"`, 'Use a name such as nofile, nproc, core, memlock or stack.');
    const wantHard = limit.Hard < 0 ? RLIM_INFINITY : limit.Hard;
    const wantSoft = limit.Soft < 0 ? RLIM_INFINITY : limit.Soft;
    if (lessThan(wantHard, wantSoft)) throw invalidConfig(`ulimit ${name}: soft limit ${limit.Soft} is above the hard limit ${limit.Hard}`, 'Make the soft limit at most the hard limit.');
    const type = `RLIMIT_${name.toUpperCase()}`;
    const cap = host.get(type)?.hard ?? RLIM_INFINITY;
    const hard = minLimit(wantHard, cap);
    const soft = minLimit(wantSoft, hard);
    out.push({ type, soft, hard });
  }
  return out;
}

function lessThan(a: number, b: number): boolean {
  if (a === RLIM_INFINITY) return false;
  if (b === RLIM_INFINITY) return true;
  return a < b;
}

function minLimit(a: number, b: number): number {
  return lessThan(a, b) ? a : b;
}
