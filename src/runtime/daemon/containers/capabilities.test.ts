import { describe, expect, it } from 'vitest';
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES, capabilitiesFromMask, computeCapabilities, normalizeCapability } from './capabilities.ts';

const host = ALL_CAPABILITIES;

describe('computeCapabilities', () => {
  it('gives Docker\'s 14 by default', () => {
    expect(computeCapabilities({ hostCapabilities: host }).bounding).toHaveLength(14);
    expect(new Set(computeCapabilities({ hostCapabilities: host }).bounding)).toEqual(new Set(DEFAULT_CAPABILITIES));
  });

  it('adds and drops, in any spelling', () => {
    const caps = computeCapabilities({ capAdd: ['net_admin', 'CAP_SYS_PTRACE'], capDrop: ['chown', 'CAP_KILL'], hostCapabilities: host }).bounding;
    expect(caps).toContain('CAP_NET_ADMIN');
    expect(caps).toContain('CAP_SYS_PTRACE');
    expect(caps).not.toContain('CAP_CHOWN');
    expect(caps).not.toContain('CAP_KILL');
  });

  it('drop ALL keeps only what is added; add ALL gives every one the host has', () => {
    expect(computeCapabilities({ capDrop: ['ALL'], capAdd: ['NET_BIND_SERVICE'], hostCapabilities: host }).bounding).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(computeCapabilities({ capDrop: ['all'], hostCapabilities: host }).bounding).toEqual([]);
    expect(computeCapabilities({ capAdd: ['ALL'], hostCapabilities: host }).bounding).toHaveLength(ALL_CAPABILITIES.length);
  });

  it('privileged gets everything and ignores drops', () => {
    expect(computeCapabilities({ privileged: true, capDrop: ['ALL'], hostCapabilities: host }).bounding).toHaveLength(ALL_CAPABILITIES.length);
  });

  it('never grants what this process lacks (root here has no CAP_SYS_RESOURCE)', () => {
    const without = host.filter((c) => c !== 'CAP_SYS_RESOURCE');
    expect(computeCapabilities({ privileged: true, hostCapabilities: without }).bounding).not.toContain('CAP_SYS_RESOURCE');
    expect(computeCapabilities({ capAdd: ['SYS_RESOURCE'], hostCapabilities: without }).bounding).not.toContain('CAP_SYS_RESOURCE');
  });

  it('keeps inheritable and ambient empty whatever is asked (CVE-2022-24769)', () => {
    const caps = computeCapabilities({ capAdd: ['ALL'], hostCapabilities: host });
    expect(caps.inheritable).toEqual([]);
    expect(caps.ambient).toEqual([]);
  });

  it('refuses unknown capability names', () => {
    expect(() => computeCapabilities({ capAdd: ['FLY'], hostCapabilities: host })).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
});

describe('capability helpers', () => {
  it('reads a CapBnd mask bit by bit', () => {
    expect(capabilitiesFromMask('1fffeffffff')).toHaveLength(40);
    expect(capabilitiesFromMask('1fffeffffff')).not.toContain('CAP_SYS_RESOURCE');
    expect(capabilitiesFromMask('0000000000000001')).toEqual(['CAP_CHOWN']);
  });

  it('normalizes names', () => {
    expect(normalizeCapability(' sys_admin ')).toBe('CAP_SYS_ADMIN');
    expect(normalizeCapability('all')).toBe('ALL');
  });
});
