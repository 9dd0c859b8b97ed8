import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPABILITIES } from './capabilities.ts';
import { buildSeccompProfile } from './seccomp.ts';
import { compareKernel, convertDockerSeccomp } from './seccomp-docker-format.ts';

const allowed = (caps: readonly string[]): Set<string> => new Set(buildSeccompProfile(caps).syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args).flatMap((r) => r.names));

describe('buildSeccompProfile', () => {
  it('denies by default with EPERM for all three x86 ABIs', () => {
    const p = buildSeccompProfile(DEFAULT_CAPABILITIES);
    expect(p.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(p.defaultErrnoRet).toBe(1);
    expect(p.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  });

  it('allows what ordinary programs need, and not mounts, modules, reboot, keyrings or BPF', () => {
    const names = allowed(DEFAULT_CAPABILITIES);
    for (const call of ['read', 'openat', 'execve', 'mmap', 'futex', 'socket', 'epoll_wait', 'chroot', 'setuid', 'rt_sigaction']) expect(names).toContain(call);
    for (const call of ['mount', 'umount2', 'unshare', 'setns', 'init_module', 'reboot', 'keyctl', 'add_key', 'bpf', 'kexec_load', 'clock_settime']) expect(names).not.toContain(call);
  });

  it('clone only without namespace flags, clone3 answered ENOSYS, unless CAP_SYS_ADMIN', () => {
    const rules = buildSeccompProfile(DEFAULT_CAPABILITIES).syscalls;
    expect(rules).toContainEqual({ names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] });
    expect(rules).toContainEqual({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
    const admin = allowed([...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN']);
    expect(admin).toContain('clone');
    expect(admin).toContain('mount');
    expect(admin).toContain('unshare');
  });

  it('capabilities unlock their calls', () => {
    expect(allowed(['CAP_SYS_TIME'])).toContain('clock_settime');
    expect(allowed(['CAP_SYS_PTRACE'])).toContain('process_vm_readv');
    expect(allowed(['CAP_SYS_MODULE'])).toContain('finit_module');
    expect(allowed(DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_SYS_CHROOT'))).not.toContain('chroot');
  });

  it('has each name once in the allow rule, sorted', () => {
    const names = buildSeccompProfile(DEFAULT_CAPABILITIES).syscalls[0]?.names ?? [];
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
  });
});

describe('convertDockerSeccomp', () => {
  const profile = JSON.stringify({
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] }, { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] }],
    syscalls: [
      { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
      { names: ['mount'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
      { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2114060288, op: 'SCMP_CMP_MASKED_EQ' }], excludes: { caps: ['CAP_SYS_ADMIN'] } },
      { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64'] } },
      { names: ['ptrace'], action: 'SCMP_ACT_ALLOW', includes: { minKernel: '4.8' } },
    ],
  });

  it('evaluates includes and excludes against capabilities, architecture and kernel', () => {
    const plain = convertDockerSeccomp(profile, { capabilities: [], arch: 'amd64', kernel: '6.1.0-13-amd64' });
    expect(plain.syscalls.map((s) => s.names[0])).toEqual(['read', 'clone', 'arch_prctl', 'ptrace']);
    expect(plain.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    const admin = convertDockerSeccomp(profile, { capabilities: ['CAP_SYS_ADMIN'], arch: 'arm64', kernel: '4.4' });
    expect(admin.syscalls.map((s) => s.names[0])).toEqual(['read', 'mount']);
  });

  it('refuses what is not a profile', () => {
    expect(() => convertDockerSeccomp('{nope', { capabilities: [], arch: 'amd64', kernel: '6.1' })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => convertDockerSeccomp('{}', { capabilities: [], arch: 'amd64', kernel: '6.1' })).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });

  it('compares kernel versions numerically', () => {
    expect(compareKernel('6.18.44-fc', '4.8')).toBeGreaterThan(0);
    expect(compareKernel('4.8.0', '4.8')).toBe(0);
    expect(compareKernel('4.10', '4.9')).toBeGreaterThan(0);
  });
});
