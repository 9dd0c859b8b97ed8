import { existsSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { arch, release } from 'node:os';
import { join } from 'node:path';
import { capabilitiesFromMask } from './capabilities.ts';
import type { HostFacts } from './oci-spec.ts';
import type { OciDevice } from './oci-types.ts';
import { parseProcLimits } from './rlimits.ts';

/** Debian's tini package; a static binary, since it runs inside any image. */
export const TINI_STATIC = '/usr/bin/tini-static';

/** Reads, once per daemon, what the bundle builder needs to know about this host. */
export async function readHostFacts(options: { initBinary?: string } = {}): Promise<HostFacts> {
  const [status, limits] = await Promise.all([readFile('/proc/self/status', 'utf8'), readFile('/proc/self/limits', 'utf8')]);
  const capBnd = /^CapBnd:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? '0';
  const init = options.initBinary ?? TINI_STATIC;
  return {
    capabilities: capabilitiesFromMask(capBnd),
    rlimits: parseProcLimits(limits),
    swapAccounting: existsSync('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes'),
    arch: goArch(arch()),
    kernel: release(),
    ...(existsSync(init) ? { initBinary: init } : {}),
  };
}

function goArch(nodeArch: string): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', s390x: 's390x', ppc64: 'ppc64le' };
  return map[nodeArch] ?? nodeArch;
}

const SKIPPED_DEV = new Set(['pts', 'shm', 'mqueue', 'console', 'fd', 'stdin', 'stdout', 'stderr', 'core']);

/** The host's device nodes, for privileged containers (Docker gives them all of /dev). */
export async function readHostDevices(root = '/dev'): Promise<OciDevice[]> {
  const out: OciDevice[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (depth === 0 && SKIPPED_DEV.has(name)) continue;
      const path = join(dir, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory() && depth < 3) await walk(path, depth + 1);
      else if (info.isCharacterDevice() || info.isBlockDevice()) {
        const rdev = info.rdev;
        const major = Math.floor(rdev / 256) & 0xfff;
        const minor = (rdev & 0xff) | (Math.floor(rdev / 4096) & 0xfff00);
        out.push({ path, type: info.isCharacterDevice() ? 'c' : 'b', major, minor, fileMode: info.mode & 0o7777, uid: info.uid, gid: info.gid });
      }
    }
  };
  await walk(root, 0);
  return out;
}
