import { describe, expect, it } from 'vitest';
import { isStackError } from '../base/errors.ts';
import { parseExtraHosts, renderEtcHosts, renderHostModeEtcHosts } from './etc-hosts.ts';

const dockerDefaults = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';

describe('renderEtcHosts', () => {
  it('writes Docker\'s default lines, extra hosts, then the container\'s own addresses', () => {
    const text = renderEtcHosts({
      hostname: '0123456789ab',
      addresses: ['10.77.0.2', '10.77.1.5'],
      extraHosts: parseExtraHosts(['db.local:10.9.0.3', 'v6:::1', 'host.docker.internal:host-gateway']),
      hostGateway: '10.77.0.1',
    });
    expect(text).toBe(`${dockerDefaults}10.9.0.3\tdb.local\n::1\tv6\n10.77.0.1\thost.docker.internal\n10.77.0.2\t0123456789ab\n10.77.1.5\t0123456789ab\n`);
  });

  it('adds the short name of a dotted hostname, and no address line without a network', () => {
    expect(renderEtcHosts({ hostname: 'web.example.org', addresses: ['10.77.0.2'], extraHosts: [] })).toBe(`${dockerDefaults}10.77.0.2\tweb.example.org web\n`);
    expect(renderEtcHosts({ hostname: 'x', addresses: [], extraHosts: parseExtraHosts(['gw:host-gateway']) })).toBe(dockerDefaults);
  });

  it('keeps the host file in host mode and appends extra hosts', () => {
    expect(renderHostModeEtcHosts('127.0.0.1 localhost', parseExtraHosts(['a=10.1.1.1']))).toBe('127.0.0.1 localhost\n10.1.1.1\ta\n');
    expect(renderHostModeEtcHosts('127.0.0.1 localhost\n', [])).toBe('127.0.0.1 localhost\n');
  });
});

describe('parseExtraHosts', () => {
  it('refuses entries without a name or an address with STK6018', () => {
    for (const entry of ['nocolon', ':10.0.0.1', 'name:', 'name:not-an-ip', 'two words:10.0.0.1']) {
      let code: string | undefined;
      try {
        parseExtraHosts([entry]);
      } catch (error) {
        code = isStackError(error) ? error.code : 'other';
      }
      expect(code, entry).toBe('STK6018');
    }
  });
});
