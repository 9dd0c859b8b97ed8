import { describe, expect, it } from 'vitest';
import { bridgeIndex, bridgeName, forwardChain, isInstanceLink, isInstanceNetns, macForAddress, netnsName, postroutingChain, vethName } from './names.ts';
import { parseIpv4 } from './ipv4.ts';

const id = 'f'.repeat(64);

describe('host-global names', () => {
  it('fit IFNAMSIZ (15 bytes) and carry the instance id', () => {
    expect(bridgeName('1a2b', 9_999_999)).toHaveLength(15);
    expect(vethName('1a2b', id, 'n'.repeat(64))).toMatch(/^vs1a2b[0-9a-f]{6}$/);
    expect(netnsName('1a2b', id)).toBe('stk1a2b-ffffffffffff');
    expect([forwardChain('1a2b'), postroutingChain('1a2b')]).toEqual(['STK-1a2b-FWD', 'STK-1a2b-POST']);
  });

  it('give another veth name on a retry, and tell our links from others', () => {
    expect(vethName('1a2b', id, 'n', 1)).not.toBe(vethName('1a2b', id, 'n', 0));
    expect(isInstanceLink('1a2b', 'stk1a2b-3')).toBe(true);
    expect(isInstanceLink('1a2b', vethName('1a2b', id, 'n'))).toBe(true);
    expect(isInstanceLink('1a2b', 'stk1a2c-3')).toBe(false);
    expect(isInstanceLink('1a2b', 'vs1a2b')).toBe(false);
    expect(isInstanceNetns('1a2b', netnsName('1a2b', id))).toBe(true);
    expect(bridgeIndex('1a2b', 'stk1a2b-12')).toBe(12);
    expect(bridgeIndex('1a2b', 'stk1a2b-0x')).toBeUndefined();
  });

  it('derive the MAC from the address as Docker does', () => {
    expect(macForAddress(parseIpv4('10.77.3.2') as number)).toBe('02:42:0a:4d:03:02');
  });
});
