import { describe, expect, it } from 'vitest';
import { isStackError } from '../../base/index.ts';
import { bundledSocketPath, createRuntimeClient, resolveEndpoint } from './create-runtime-client.ts';
import { chooseApiVersion } from './docker-api.ts';

describe('resolveEndpoint', () => {
  it('uses the default socket when DOCKER_HOST is unset', () => {
    expect(resolveEndpoint({ runtime: 'docker', env: {} })).toEqual({
      endpoint: { runtime: 'docker', address: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock' },
      connection: { kind: 'socket', socketPath: '/var/run/docker.sock' },
    });
  });

  it('reads unix:// and tcp:// DOCKER_HOST values', () => {
    expect(resolveEndpoint({ runtime: 'docker', env: { DOCKER_HOST: 'unix:///run/x.sock' } }).connection).toEqual({ kind: 'socket', socketPath: '/run/x.sock' });
    expect(resolveEndpoint({ runtime: 'docker', env: { DOCKER_HOST: 'tcp://10.0.0.2:2375' } })).toEqual({
      endpoint: { runtime: 'docker', address: 'tcp://10.0.0.2:2375' },
      connection: { kind: 'tcp', host: '10.0.0.2', port: 2375, tls: false },
    });
    expect(resolveEndpoint({ runtime: 'docker', env: { DOCKER_HOST: '127.0.0.1:2375' } }).connection).toMatchObject({ kind: 'tcp', host: '127.0.0.1', port: 2375 });
  });

  it('turns TLS on with DOCKER_TLS_VERIFY and defaults the port to 2376', () => {
    const { connection } = resolveEndpoint({ runtime: 'docker', env: { DOCKER_HOST: 'tcp://docker.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } });
    expect(connection).toEqual({ kind: 'tcp', host: 'docker.example', port: 2376, tls: true, certPath: '/certs' });
  });

  it('an explicit socket wins over DOCKER_HOST', () => {
    expect(resolveEndpoint({ runtime: 'docker', env: { DOCKER_HOST: 'tcp://x:1' }, socketPath: '/tmp/s.sock' }).connection).toEqual({ kind: 'socket', socketPath: '/tmp/s.sock' });
  });

  it('the bundled runtime ignores DOCKER_HOST and listens under STACK_ROOT', () => {
    expect(resolveEndpoint({ runtime: 'bundled', env: { DOCKER_HOST: 'tcp://x:1', STACK_ROOT: '/tmp/root' } }).endpoint).toEqual({
      runtime: 'bundled',
      address: 'unix:///tmp/root/run/stackd.sock',
      socketPath: '/tmp/root/run/stackd.sock',
    });
  });

  it.each(['ssh://user@host', 'npipe:////./pipe/docker_engine', 'tcp://'])('refuses DOCKER_HOST=%s with STK5003', (value) => {
    let caught: unknown;
    try {
      resolveEndpoint({ runtime: 'docker', env: { DOCKER_HOST: value } });
    } catch (error) {
      caught = error;
    }
    expect(isStackError(caught) && caught.code).toBe('STK5003');
  });
});

describe('bundledSocketPath', () => {
  it('is <STACK_ROOT>/run/stackd.sock when STACK_ROOT is set, else /run/stack/stackd.sock', () => {
    expect(bundledSocketPath({ STACK_ROOT: '/srv/stack' })).toBe('/srv/stack/run/stackd.sock');
    expect(bundledSocketPath({})).toBe('/run/stack/stackd.sock');
  });
});

describe('chooseApiVersion', () => {
  it.each([
    ['1.41', '1.12', '1.41'],
    ['1.47', '1.24', '1.41'],
    ['1.51', '1.44', '1.44'],
    ['1.40', '1.12', '1.40'],
    [undefined, undefined, '1.41'],
  ])('max %s, min %s → %s', (max, min, chosen) => {
    expect(chooseApiVersion(max, min)).toBe(chosen);
  });

  it('refuses an engine older than 1.40', () => {
    expect(chooseApiVersion('1.39', '1.12')).toBeUndefined();
  });
});

describe('createRuntimeClient', () => {
  it('fails with STK5003 when TLS certificates cannot be read', async () => {
    await expect(
      createRuntimeClient({ runtime: 'docker', env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent-stack-certs' } }),
    ).rejects.toMatchObject({ code: 'STK5003' });
  });
});
