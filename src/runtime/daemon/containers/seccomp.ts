import { compareStrings } from '../../../base/index.ts';
import type { OciSeccomp, OciSeccompRule } from './oci-types.ts';
import { ALLOWED_PERSONALITIES, ALLOWED_SYSCALLS, CAPABILITY_SYSCALLS, CLONE_NAMESPACE_FLAGS, ENOSYS, EPERM } from './seccomp-syscalls.ts';

/** x86_64 hosts run 32-bit and x32 binaries too; the filter must cover all three ABIs. */
export const SECCOMP_ARCHITECTURES: readonly string[] = ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'];

/**
 * The default seccomp filter for a container with the given effective
 * capabilities: deny with EPERM, allow the common list, unlock the
 * capability-gated calls, and narrow clone/clone3/personality by argument.
 * Rules are sorted so the same capabilities give the same JSON.
 */
export function buildSeccompProfile(effectiveCapabilities: readonly string[]): OciSeccomp {
  const caps = new Set(effectiveCapabilities);
  const allowed = new Set<string>();
  for (const names of Object.values(ALLOWED_SYSCALLS)) for (const name of names) allowed.add(name);
  for (const [cap, names] of Object.entries(CAPABILITY_SYSCALLS)) if (caps.has(cap)) for (const name of names) allowed.add(name);
  const rules: OciSeccompRule[] = [{ names: [...allowed].sort(compareStrings), action: 'SCMP_ACT_ALLOW' }];
  if (!caps.has('CAP_SYS_ADMIN')) {
    rules.push({ names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] });
    rules.push({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS });
  }
  for (const persona of ALLOWED_PERSONALITIES) {
    rules.push({ names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: persona, op: 'SCMP_CMP_EQ' }] });
  }
  return { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: EPERM, architectures: SECCOMP_ARCHITECTURES, syscalls: rules };
}
