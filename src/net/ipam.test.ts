import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStackError } from '../base/errors.ts';
import { allocateAddress, allocateSubnet, claimAddress, hostOccupiedSubnets, type IpamConfig, planNetworkAddressing } from './ipam.ts';
import { type Cidr, cidrContains, cidrLast, cidrOverlaps, formatCidr, formatIpv4, parseCidr, parseIpv4 } from './ipv4.ts';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`bad test cidr ${text}`);
  return parsed.cidr;
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isStackError(error) ? error.code : 'not a StackError';
  }
  return undefined;
}

const pools = [{ base: '10.210.0.0/16', size: 24 }];

describe('allocateSubnet', () => {
  it('takes the first subnet of the pool that nothing uses', () => {
    expect(formatCidr(allocateSubnet(pools, []) as Cidr)).toBe('10.210.0.0/24');
    expect(formatCidr(allocateSubnet(pools, [cidr('10.210.0.0/24'), cidr('10.210.1.128/25')]) as Cidr)).toBe('10.210.2.0/24');
  });

  it('skips subnets inside a wider host route, and returns undefined when the pool is used up', () => {
    expect(formatCidr(allocateSubnet(pools, [cidr('10.210.0.0/20')]) as Cidr)).toBe('10.210.16.0/24');
    expect(allocateSubnet(pools, [cidr('10.0.0.0/8')])).toBeUndefined();
  });

  it('never returns a subnet that overlaps anything occupied, and always one aligned inside the pool', () => {
    const occupiedArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 18, max: 28 })), { maxLength: 40 });
    fc.assert(
      fc.property(occupiedArb, (specs) => {
        const occupied = specs.map(([low, prefix]) => cidr(`${formatIpv4((parseIpv4('10.210.0.0') as number) + low)}/${prefix}`));
        const got = allocateSubnet(pools, occupied);
        if (!got) return true;
        const pool = cidr('10.210.0.0/16');
        return got.prefix === 24 && cidrContains(pool, got.base) && got.base % 256 === 0 && !occupied.some((o) => cidrOverlaps(o, got));
      }),
    );
  });
});

describe('planNetworkAddressing', () => {
  const context = { pools, hostOccupied: [cidr('10.210.0.0/24')], networks: [cidr('10.210.1.0/24')] };

  it('gives a free pool subnet with the first host address as gateway', () => {
    expect(planNetworkAddressing(undefined, context)).toEqual({ subnet: '10.210.2.0/24', gateway: '10.210.2.1' });
  });

  it('honours a requested subnet, gateway, ip_range and aux addresses', () => {
    const plan = planNetworkAddressing({ subnet: '10.211.0.0/16', gateway: '10.211.0.254', ipRange: '10.211.5.0/24', auxAddresses: { router: '10.211.0.2' } }, context);
    expect(plan).toEqual({ subnet: '10.211.0.0/16', gateway: '10.211.0.254', ipRange: '10.211.5.0/24', auxAddresses: { router: '10.211.0.2' } });
  });

  it('lets a requested subnet overlap a host route (as Docker does) but not another network of ours', () => {
    expect(planNetworkAddressing({ subnet: '10.210.0.0/24' }, context).subnet).toBe('10.210.0.0/24');
    expect(codeOf(() => planNetworkAddressing({ subnet: '10.210.1.0/25' }, context))).toBe('STK6005');
  });

  it('refuses bad requests with STK6006', () => {
    for (const request of [{ subnet: '10.211.0.1/24' }, { subnet: 'ten/8' }, { subnet: '10.211.0.0/31' }, { subnet: '10.211.0.0/24', gateway: '10.211.0.0' }, { subnet: '10.211.0.0/24', gateway: '10.211.1.1' }, { subnet: '10.211.0.0/24', ipRange: '10.211.0.0/23' }, { gateway: '10.211.0.1' }, { subnet: '10.211.0.0/24', auxAddresses: { x: '10.9.9.9' } }]) {
      expect(codeOf(() => planNetworkAddressing(request, context)), JSON.stringify(request)).toBe('STK6006');
    }
  });

  it('reports an exhausted pool with STK6004', () => {
    expect(codeOf(() => planNetworkAddressing(undefined, { pools: [{ base: '10.212.0.0/24', size: 24 }], hostOccupied: [cidr('10.212.0.0/24')], networks: [] }))).toBe('STK6004');
  });
});

describe('container addresses', () => {
  const config: IpamConfig = { subnet: '10.213.4.0/29', gateway: '10.213.4.1', auxAddresses: { a: '10.213.4.3' } };

  it('hands out the lowest free host address, skipping the gateway and aux addresses', () => {
    const used = new Set<number>();
    const got: string[] = [];
    for (let address = allocateAddress(config, used); address !== undefined; address = allocateAddress(config, used)) {
      used.add(address);
      got.push(formatIpv4(address));
    }
    expect(got).toEqual(['10.213.4.2', '10.213.4.4', '10.213.4.5', '10.213.4.6']);
  });

  it('gives a released address back out (release happens at container removal)', () => {
    const used = new Set(['10.213.4.2', '10.213.4.4', '10.213.4.5'].map((a) => parseIpv4(a) as number));
    used.delete(parseIpv4('10.213.4.4') as number);
    expect(formatIpv4(allocateAddress(config, used) as number)).toBe('10.213.4.4');
  });

  it('stays inside ip_range', () => {
    const ranged: IpamConfig = { subnet: '10.213.0.0/16', gateway: '10.213.0.1', ipRange: '10.213.9.0/30' };
    expect(formatIpv4(allocateAddress(ranged, new Set()) as number)).toBe('10.213.9.0');
  });

  it('never repeats an address, and never gives the network, broadcast or gateway address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 29 }), fc.array(fc.boolean(), { maxLength: 80 }), (prefix, releases) => {
        const subnet = cidr(`10.214.0.0/${prefix}`);
        const ipam: IpamConfig = { subnet: formatCidr(subnet), gateway: formatIpv4(subnet.base + 1) };
        const used = new Set<number>();
        const order: number[] = [];
        for (const release of releases) {
          if (release && order.length > 0) used.delete(order.shift() as number);
          const address = allocateAddress(ipam, used);
          if (address === undefined) continue;
          if (used.has(address) || address <= subnet.base + 1 || address >= cidrLast(subnet)) return false;
          used.add(address);
          order.push(address);
        }
        return true;
      }),
    );
  });

  it('claims a requested address, refusing one in use (STK6008) or outside the subnet (STK6006)', () => {
    expect(formatIpv4(claimAddress(config, '10.213.4.6', new Set()))).toBe('10.213.4.6');
    expect(codeOf(() => claimAddress(config, '10.213.4.6', new Set([parseIpv4('10.213.4.6') as number])))).toBe('STK6008');
    expect(codeOf(() => claimAddress(config, '10.213.4.1', new Set()))).toBe('STK6008');
    expect(codeOf(() => claimAddress(config, '10.213.5.1', new Set()))).toBe('STK6006');
    expect(codeOf(() => claimAddress(config, '10.213.4.7', new Set()))).toBe('STK6006');
  });
});

describe('hostOccupiedSubnets', () => {
  it('reads ip -j route and ip -j addr, skipping the default route and loopback', () => {
    const routes = [{ dst: 'default', gateway: '192.0.2.1', dev: 'eth0' }, { dst: '192.0.2.0/24', dev: 'eth0' }, { dst: '10.9.9.9', dev: 'tun0' }];
    const addrs = [
      { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }, { family: 'inet6', local: '::1', prefixlen: 128 }] },
      { ifname: 'eth1', addr_info: [{ family: 'inet', local: '10.50.3.7', prefixlen: 16 }] },
      { ifname: 'junk' },
    ];
    expect(hostOccupiedSubnets(routes, addrs).map(formatCidr)).toEqual(['192.0.2.0/24', '10.9.9.9/32', '10.50.0.0/16']);
    expect(hostOccupiedSubnets('nonsense', null)).toEqual([]);
  });
});
