import { describe, expect, it } from 'vitest';
import { commandOf, mergeCommand, mergeContainerConfig, mergeHealthcheck, mergeImageEnv } from './container-config.ts';
import type { ContainerCreateBody, ImageConfig } from './docker-types.ts';

const argv = (body: ContainerCreateBody, image: ImageConfig): readonly string[] => {
  const { entrypoint, cmd } = mergeCommand(body, image);
  return commandOf({ Entrypoint: entrypoint, Cmd: cmd });
};
import { buildEnv, mergeEnv, withInit } from './process-args.ts';

describe('mergeCommand (Docker\'s entrypoint/cmd rules)', () => {
  const image = { Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'] };
  it('keeps the image\'s when the request sets neither', () => {
    expect(argv({}, image)).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
  });
  it('a request Cmd replaces the image Cmd, after the image entrypoint', () => {
    expect(argv({ Cmd: ['sh'] }, image)).toEqual(['/docker-entrypoint.sh', 'sh']);
  });
  it('a request entrypoint drops the image Cmd', () => {
    expect(argv({ Entrypoint: ['/bin/echo'] }, image)).toEqual(['/bin/echo']);
    expect(argv({ Entrypoint: '/bin/echo', Cmd: 'hi' }, image)).toEqual(['/bin/echo', 'hi']);
  });
  it('an empty entrypoint clears the image\'s', () => {
    expect(argv({ Entrypoint: [''], Cmd: ['ls'] }, image)).toEqual(['ls']);
    expect(argv({ Entrypoint: [] }, image)).toEqual(['nginx', '-g', 'daemon off;']);
  });
});

describe('mergeContainerConfig', () => {
  it('fills Docker\'s Config from the request and the image', () => {
    const config = mergeContainerConfig(
      { Image: 'web:1', Env: ['B=2'], Labels: { a: 'req' }, ExposedPorts: { '81/tcp': {} }, Volumes: { '/v2': {} } },
      { Env: ['A=1', 'B=1'], Labels: { a: 'img', b: 'img' }, ExposedPorts: { '80/tcp': {} }, Volumes: { '/v1': {} }, User: 'app', WorkingDir: '/app', StopSignal: 'SIGINT' },
      '0123456789ab',
    );
    expect(config).toMatchObject({
      Hostname: '0123456789ab',
      Image: 'web:1',
      User: 'app',
      WorkingDir: '/app',
      StopSignal: 'SIGINT',
      Env: ['B=2', 'A=1'],
      Labels: { a: 'req', b: 'img' },
      ExposedPorts: { '80/tcp': {}, '81/tcp': {} },
      Volumes: { '/v1': {}, '/v2': {} },
      Tty: false,
      OpenStdin: false,
    });
  });

  it('a request healthcheck inherits unset fields from the image\'s', () => {
    const image = { Test: ['CMD', 'check'], Interval: 5, Retries: 9 };
    expect(mergeHealthcheck({ Interval: 7 }, image)).toEqual({ Test: ['CMD', 'check'], Interval: 7, Timeout: undefined, StartPeriod: undefined, StartInterval: undefined, Retries: 9 });
    expect(mergeHealthcheck(undefined, image)).toBe(image);
    expect(mergeHealthcheck({ Test: ['NONE'] }, image)?.Test).toEqual(['NONE']);
  });

  it('request variables come first, image variables the request did not set follow', () => {
    expect(mergeImageEnv(['X=1', 'PATH=/mine'], ['PATH=/img', 'Y=2'])).toEqual(['X=1', 'PATH=/mine', 'Y=2']);
  });
});

describe('process env', () => {
  it('mergeEnv replaces by key in place and removes a bare KEY', () => {
    expect(mergeEnv(['A=1', 'B=2', 'C=3'], ['B=x', 'C', 'D=4'])).toEqual(['A=1', 'B=x', 'D=4']);
  });

  it('buildEnv: PATH and HOSTNAME defaults, the container\'s own win, HOME added when missing', () => {
    expect(buildEnv({ env: ['PATH=/p', 'X=1'], hostname: 'h', tty: true, home: '/root' })).toEqual(['PATH=/p', 'HOSTNAME=h', 'TERM=xterm', 'X=1', 'HOME=/root']);
    expect(buildEnv({ env: ['HOME=/x'], hostname: 'h', tty: false, home: '/root' })).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=h', 'HOME=/x']);
  });

  it('withInit prepends tini', () => {
    expect(withInit(['a'], true)).toEqual(['/sbin/docker-init', '--', 'a']);
    expect(withInit(['a'], false)).toEqual(['a']);
  });
});
