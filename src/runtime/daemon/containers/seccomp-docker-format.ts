import { invalidConfig } from './container-errors.ts';
import type { OciSeccomp, OciSeccompArg, OciSeccompRule } from './oci-types.ts';
import { SECCOMP_ARCHITECTURES } from './seccomp.ts';

/** A rule's condition in Docker's profile format (moby/profiles seccomp). */
interface DockerFilter {
  readonly caps?: readonly string[];
  readonly arches?: readonly string[];
  readonly minKernel?: string;
}

interface DockerSyscall {
  readonly name?: string;
  readonly names?: readonly string[];
  readonly action: string;
  readonly errnoRet?: number;
  readonly args?: readonly OciSeccompArg[] | null;
  readonly includes?: DockerFilter;
  readonly excludes?: DockerFilter;
}

interface DockerProfile {
  readonly defaultAction: string;
  readonly defaultErrnoRet?: number;
  readonly architectures?: readonly string[];
  readonly archMap?: readonly { readonly architecture: string; readonly subArchitectures?: readonly string[] }[];
  readonly syscalls?: readonly DockerSyscall[];
}

/**
 * Converts a profile in Docker's format (what `--security-opt seccomp=file.json`
 * sends, and what /usr/share/containers/seccomp.json holds) into the OCI
 * `linux.seccomp` runc reads: each rule's includes/excludes are evaluated
 * against the container's capabilities, this machine's architecture and
 * kernel version, and dropped or kept.
 */
export function convertDockerSeccomp(json: string, context: { capabilities: readonly string[]; arch: string; kernel: string }): OciSeccomp {
  let profile: DockerProfile;
  try {
    profile = JSON.parse(json) as DockerProfile;
  } catch {
    throw invalidConfig('the seccomp profile is not valid JSON', 'Pass a profile in Docker\'s seccomp format, or seccomp=unconfined.');
  }
  if (typeof profile !== 'object' || profile === null || typeof profile.defaultAction !== 'string') {
    throw invalidConfig('the seccomp profile has no defaultAction', 'Pass a profile in Docker\'s seccomp format, or seccomp=unconfined.');
  }
  const caps = new Set(context.capabilities);
  const matches = (filter: DockerFilter | undefined, empty: boolean): boolean => {
    if (!filter) return empty;
    const tests: boolean[] = [];
    if (filter.caps && filter.caps.length > 0) tests.push(filter.caps.every((c) => caps.has(c)));
    if (filter.arches && filter.arches.length > 0) tests.push(filter.arches.includes(context.arch));
    if (filter.minKernel) tests.push(compareKernel(context.kernel, filter.minKernel) >= 0);
    return tests.length === 0 ? empty : tests.every(Boolean);
  };
  const rules: OciSeccompRule[] = [];
  for (const syscall of profile.syscalls ?? []) {
    if (!matches(syscall.includes, true)) continue;
    if (syscall.excludes && hasAny(syscall.excludes) && matchesAnyExclude(syscall.excludes, caps, context)) continue;
    const names = syscall.names ?? (syscall.name ? [syscall.name] : []);
    if (names.length === 0) continue;
    rules.push({
      names,
      action: syscall.action as OciSeccompRule['action'],
      ...(syscall.errnoRet !== undefined ? { errnoRet: syscall.errnoRet } : {}),
      ...(syscall.args && syscall.args.length > 0 ? { args: syscall.args } : {}),
    });
  }
  const architectures = profile.archMap
    ? profile.archMap.flatMap((a) => (a.architecture === archToScmp(context.arch) ? [a.architecture, ...(a.subArchitectures ?? [])] : []))
    : (profile.architectures ?? SECCOMP_ARCHITECTURES);
  return {
    defaultAction: profile.defaultAction as OciSeccomp['defaultAction'],
    ...(profile.defaultErrnoRet !== undefined ? { defaultErrnoRet: profile.defaultErrnoRet } : {}),
    architectures: architectures.length > 0 ? architectures : SECCOMP_ARCHITECTURES,
    syscalls: rules,
  };
}

function hasAny(filter: DockerFilter): boolean {
  return (filter.caps?.length ?? 0) > 0 || (filter.arches?.length ?? 0) > 0 || filter.minKernel !== undefined;
}

/** Docker excludes a rule when any listed cap is held, or the arch is listed, or the kernel is at least minKernel. */
function matchesAnyExclude(filter: DockerFilter, caps: ReadonlySet<string>, context: { arch: string; kernel: string }): boolean {
  if (filter.caps?.some((c) => caps.has(c))) return true;
  if (filter.arches?.includes(context.arch)) return true;
  if (filter.minKernel && compareKernel(context.kernel, filter.minKernel) >= 0) return true;
  return false;
}

function archToScmp(arch: string): string {
  const map: Record<string, string> = { amd64: 'SCMP_ARCH_X86_64', x86_64: 'SCMP_ARCH_X86_64', arm64: 'SCMP_ARCH_AARCH64', aarch64: 'SCMP_ARCH_AARCH64' };
  return map[arch] ?? `SCMP_ARCH_${arch.toUpperCase()}`;
}

/** Compares `6.1.0-13-amd64` with `4.8`: major, then minor, then patch. */
export function compareKernel(a: string, b: string): number {
  const pa = a.split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
