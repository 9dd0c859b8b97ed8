import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, cidrOverlaps, formatCidr, formatIpv4, parseCidr, parseIpv4, parseReverseName, reverseName } from './ipv4.ts';

const address = fc.integer({ min: 0, max: 0xffffffff });

describe('ipv4', () => {
  it('formats and parses back every address', () => {
    fc.assert(fc.property(address, (a) => parseIpv4(formatIpv4(a)) === a));
  });

  it('refuses what is not a dotted quad, including octal-looking octets', () => {
    for (const text of ['', '10.0.0', '10.0.0.256', '10.0.0.01', 'a.b.c.d', '10.0.0.1.2', '1e1.0.0.1']) expect(parseIpv4(text)).toBeUndefined();
  });

  it('parses CIDR blocks and keeps the written address apart from the block', () => {
    const parsed = parseCidr('10.1.2.3/24');
    expect(parsed.ok && formatCidr(parsed.cidr)).toBe('10.1.2.0/24');
    expect(parsed.ok && formatIpv4(parsed.address)).toBe('10.1.2.3');
    expect(parseCidr('10.1.2.0/33')).toEqual({ ok: false, reason: 'prefix' });
    expect(parseCidr('10.1.2.0/x')).toEqual({ ok: false, reason: 'syntax' });
  });

  it('says two blocks overlap exactly when they share an address', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 16, max: 32 }), address, fc.integer({ min: 16, max: 32 }), (a, pa, b, pb) => {
        const ca = parseCidr(`${formatIpv4(a)}/${pa}`);
        const cb = parseCidr(`${formatIpv4(b)}/${pb}`);
        if (!ca.ok || !cb.ok) return false;
        const shared = cidrContains(ca.cidr, cb.cidr.base) || cidrContains(cb.cidr, ca.cidr.base);
        return cidrOverlaps(ca.cidr, cb.cidr) === shared && cidrOverlaps(ca.cidr, cb.cidr) === cidrOverlaps(cb.cidr, ca.cidr);
      }),
    );
  });

  it('maps addresses to PTR names and back', () => {
    expect(reverseName(parseIpv4('10.77.3.2') as number)).toBe('2.3.77.10.in-addr.arpa');
    fc.assert(fc.property(address, (a) => parseReverseName(reverseName(a)) === a));
    expect(parseReverseName('3.77.10.in-addr.arpa')).toBeUndefined();
  });
});
