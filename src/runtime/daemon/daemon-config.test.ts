import { describe, expect, it } from 'vitest';
import { daemonPaths } from './control/paths.ts';
import { daemonConfig } from './daemon-config.ts';

describe('stackd configuration from its environment', () => {
  it('paths: Docker\'s layout by default, everything under STACK_ROOT when set (the client\'s socket path agrees)', () => {
    expect(daemonPaths({})).toMatchObject({ root: '/var/lib/stack', socket: '/run/stack/stackd.sock', pidFile: '/run/stack/stackd.pid', logFile: '/var/lib/stack/stackd.log' });
    expect(daemonPaths({ STACK_ROOT: '/tmp/r' })).toMatchObject({ root: '/tmp/r', runDir: '/tmp/r/run', socket: '/tmp/r/run/stackd.sock', instanceFile: '/tmp/r/instance' });
  });

  it('pools, DNS upstreams and --root', () => {
    const config = daemonConfig({ STACK_SUBNET_POOL: '10.230.5.0/24:26,10.231.0.0/16', STACK_DNS_UPSTREAMS: 'none' }, ['--root', '/tmp/x', '--foreground']);
    expect(config.paths.root).toBe('/tmp/x');
    expect(config.pools).toEqual([{ base: '10.230.5.0/24', size: 26 }, { base: '10.231.0.0/16', size: 24 }]);
    expect(config.dnsUpstreams).toEqual([]);
    expect(config.echo).toBe(true);
    expect(daemonConfig({ STACK_DNS_UPSTREAMS: '1.1.1.1, 9.9.9.9' }, []).dnsUpstreams).toEqual(['1.1.1.1', '9.9.9.9']);
    expect(daemonConfig({}, []).pools).toBeUndefined();
  });

  it('a malformed value names itself (STK5308)', () => {
    expect(() => daemonConfig({ STACK_SUBNET_POOL: '10.0.0.0' }, [])).toThrow(expect.objectContaining({ code: 'STK5308' }));
    expect(() => daemonConfig({ STACK_LOG_LEVEL: 'loud' }, [])).toThrow(expect.objectContaining({ code: 'STK5308' }));
  });
});
