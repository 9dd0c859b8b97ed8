import { describe, expect, it } from 'vitest';
import { canonicalByteSize, parseByteSize } from './byte-size.ts';
import { canonicalDuration, durationMs, formatDuration, parseDuration } from './durations.ts';
import { parsePortSpec, type PortEntry } from './ports.ts';
import { shellSplit } from './shell-words.ts';
import { parseVolumeSpec } from './volume-spec.ts';

describe('durations (Go syntax)', () => {
  it.each([
    ['10s', '10s'],
    ['60s', '1m0s'],
    ['120s', '2m0s'],
    ['1h30m', '1h30m0s'],
    ['1.5s', '1.5s'],
    ['500ms', '500ms'],
    ['1500ms', '1.5s'],
    ['90m', '1h30m0s'],
    ['0', '0s'],
    ['2us', '2µs'],
    ['1m30.5s', '1m30.5s'],
  ])('%s prints as %s', (text, printed) => {
    expect(canonicalDuration(text)).toBe(printed);
  });

  it('rejects what Go rejects', () => {
    for (const bad of ['10', '10 seconds', 's', '1d', '', '-']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('round-trips through its printed form', () => {
    for (const ns of [1, 999, 1000, 1_500_000, 59_999_000_000, 3_600_000_000_000, 93_784_000_000_000]) expect(parseDuration(formatDuration(ns))).toBe(ns);
    expect(durationMs('1m30s')).toBe(90_000);
  });
});

describe('byte sizes (binary units)', () => {
  it.each([
    ['50M', '52428800'],
    ['512m', '536870912'],
    ['1g', '1073741824'],
    ['1.5k', '1536'],
    ['64kb', '65536'],
    ['1024', '1024'],
    [10000, '10000'],
    ['2GiB', '2147483648'],
  ])('%s is %s bytes', (text, bytes) => {
    expect(canonicalByteSize(text)).toBe(bytes);
  });

  it('rejects sizes that are not one', () => {
    for (const bad of ['lots', '1x', '', 'm']) expect(parseByteSize(bad)).toBeUndefined();
  });
});

describe('shellSplit', () => {
  it.each([
    ['bundle exec thin -p 3000', ['bundle', 'exec', 'thin', '-p', '3000']],
    ['sh -c "echo $HOME && ls"', ['sh', '-c', 'echo $HOME && ls']],
    ["echo 'a  b' c\\ d", ['echo', 'a  b', 'c d']],
    ['echo ""', ['echo', '']],
    ['  ', []],
    ['a "b\\"c"', ['a', 'b"c']],
  ])('%s', (text, words) => {
    expect(shellSplit(text)).toEqual(words);
  });

  it('refuses an unclosed quote', () => {
    expect(shellSplit('echo "oops')).toBeUndefined();
  });
});

describe('parsePortSpec', () => {
  const ports = (spec: string): PortEntry[] | string => {
    const parsed = parsePortSpec(spec);
    return 'ports' in parsed ? parsed.ports : parsed.error;
  };
  it('expands the short syntax like docker', () => {
    expect(ports('3000')).toEqual([{ mode: 'ingress', target: 3000, protocol: 'tcp' }]);
    expect(ports('8000:8000')).toEqual([{ mode: 'ingress', target: 8000, published: '8000', protocol: 'tcp' }]);
    expect(ports('127.0.0.1:8001:8001/udp')).toEqual([{ mode: 'ingress', host_ip: '127.0.0.1', target: 8001, published: '8001', protocol: 'udp' }]);
    expect(ports('[::1]:6001:6001')).toEqual([{ mode: 'ingress', host_ip: '::1', target: 6001, published: '6001', protocol: 'tcp' }]);
    expect((ports('9090-9091:8080-8081') as PortEntry[]).map((p) => typeof p === 'string' ? p : [p.published, p.target])).toEqual([['9090', 8080], ['9091', 8081]]);
    expect((ports('3001-3003') as PortEntry[]).map((p) => typeof p === 'string' ? p : p.target)).toEqual([3001, 3002, 3003]);
    expect(ports('8000-9000:80')).toEqual([{ mode: 'ingress', target: 80, published: '8000-9000', protocol: 'tcp' }]);
    expect(ports('::1:6001:6001')).toEqual([{ mode: 'ingress', host_ip: '::1', target: 6001, published: '6001', protocol: 'tcp' }]);
  });

  it.each(['80:80:80:80', '8080-8081:80-82', 'abc', '80/icmp', '70000', '1.2.3:80:80'])('rejects %s', (spec) => {
    expect(typeof ports(spec)).toBe('string');
  });
});

describe('parseVolumeSpec', () => {
  const volume = (spec: string) => {
    const parsed = parseVolumeSpec(spec);
    return 'volume' in parsed ? parsed.volume : parsed.error;
  };
  it('tells binds, named and anonymous volumes apart', () => {
    expect(volume('/var/lib/anonymous')).toEqual({ type: 'volume', target: '/var/lib/anonymous', volume: {} });
    expect(volume('./static:/var/www/html')).toEqual({ type: 'bind', source: './static', target: '/var/www/html', bind: { create_host_path: true } });
    expect(volume('~/configs:/etc/configs:ro')).toEqual({ type: 'bind', source: '~/configs', target: '/etc/configs', read_only: true, bind: { create_host_path: true } });
    expect(volume('data:/data:nocopy')).toEqual({ type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } });
    expect(volume('./a:/a:rw,z,rshared,cached')).toEqual({ type: 'bind', source: './a', target: '/a', consistency: 'cached', bind: { create_host_path: true, selinux: 'z', propagation: 'rshared' } });
    expect(volume('C:\\data:/data')).toMatchObject({ type: 'bind', source: 'C:\\data', target: '/data' });
  });

  it.each(['', 'a:b:c:d', ':/x', 'data:/x:z', './a:/a:bogus', '/x:'])('rejects %j', (spec) => {
    expect(typeof volume(spec)).toBe('string');
  });
});
