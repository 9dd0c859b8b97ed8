import { describe, expect, it } from 'vitest';
import { buildSysctls, parseSecurityOpt } from './security-defaults.ts';

describe('security options and sysctls', () => {
  it('parses Docker\'s security options in both spellings', () => {
    expect(parseSecurityOpt(['no-new-privileges'])).toMatchObject({ noNewPrivileges: true, seccomp: { kind: 'default' } });
    expect(parseSecurityOpt(['no-new-privileges:false', 'seccomp:unconfined', 'apparmor=unconfined'])).toMatchObject({ noNewPrivileges: false, seccomp: { kind: 'unconfined' } });
    expect(parseSecurityOpt(['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}']).seccomp).toEqual({ kind: 'profile', json: '{"defaultAction":"SCMP_ACT_ALLOW"}' });
    expect(() => parseSecurityOpt(['seccomp=/path/profile.json'])).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => parseSecurityOpt(['selinux-please'])).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
  it('only namespaced sysctls, and net.* only with a private netns', () => {
    expect(buildSysctls({ 'kernel.shmmax': '1' }, { privateNetwork: false, privateIpc: true })).toEqual({ 'kernel.shmmax': '1' });
    expect(() => buildSysctls({ 'kernel.panic': '1' }, { privateNetwork: true, privateIpc: true })).toThrow(expect.objectContaining({ code: 'STK5203' }));
    expect(() => buildSysctls({ 'net.core.somaxconn': '1' }, { privateNetwork: false, privateIpc: true })).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
});
