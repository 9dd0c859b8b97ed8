import { describe, expect, it } from 'vitest';
import { allocatedPort, engineMessage, isNotModified, mapError, type ErrorContext } from './map-error.ts';

const docker = { runtime: 'docker' as const, address: 'unix:///tmp/none/docker.sock', socketPath: '/tmp/none/docker.sock' };
const bundled = { runtime: 'bundled' as const, address: 'unix:///run/stack/stackd.sock', socketPath: '/run/stack/stackd.sock' };

/** What docker-modem hands us for an HTTP error: its own text, the status and the engine's JSON. */
function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });
}

function errno(code: string): Error {
  return Object.assign(new Error(`connect ${code} /tmp/none/docker.sock`), { code, syscall: 'connect' });
}

const start: ErrorContext = { action: 'start', kind: 'container', name: 'app-web-1', endpoint: docker };

describe('mapError: engine statuses', () => {
  it.each([
    [404, 'No such container: app-web-1', 'STK5005', 'NotFound'],
    [404, 'No such image: busybox:nope', 'STK5006', 'NotFound'],
    [404, 'network app_default not found', 'STK5007', 'NotFound'],
    [404, 'get app_data: no such volume', 'STK5008', 'NotFound'],
    [404, 'No such exec instance: 1234', 'STK5009', 'NotFound'],
    [404, 'Could not find the file /nope in container app-web-1', 'STK5010', 'NotFound'],
    [409, 'Conflict. The container name "/app-web-1" is already in use by container "abc".', 'STK5011', 'Conflict'],
    [409, 'network with name app_default already exists', 'STK5011', 'Conflict'],
    [409, 'Container abc is not running', 'STK5012', 'Conflict'],
    [400, 'invalid mount config for type "bind": field Source must not be empty', 'STK5014', 'InvalidArgument'],
    [403, 'container rootfs is marked read-only', 'STK5015', 'PermissionDenied'],
    [403, 'error while removing network: network app_default id 1f2e has active endpoints', 'STK5012', 'Conflict'],
    [500, 'driver failed programming external connectivity on endpoint x: Bind for 127.0.0.1:8080 failed: port is already allocated', 'STK5013', 'Conflict'],
    [500, 'Error starting userland proxy: listen tcp4 0.0.0.0:8081: bind: address already in use', 'STK5013', 'Conflict'],
    [500, 'OCI runtime create failed: exec: "nope": executable file not found in $PATH', 'STK5016', 'FailedPrecondition'],
  ])('%i "%s" → %s %s', (status, message, code, errorClass) => {
    const error = mapError(httpError(status, message), start);
    expect(error.code).toBe(code);
    expect(error.errorClass).toBe(errorClass);
    expect(error.hint).toBeTruthy();
    // The engine's own words are kept inside ours, never shown bare.
    expect(error.message).toContain(message);
    expect(error.message).not.toMatch(/^\(HTTP code/);
    expect(error.resource).toBe('container:app-web-1');
  });

  it('a 404 with no body falls back to the kind being worked on', () => {
    const error = mapError(Object.assign(new Error('(HTTP code 404) unexpected - '), { statusCode: 404, json: Buffer.alloc(0) }), { action: 'inspect', kind: 'volume', name: 'v', endpoint: docker });
    expect(error.code).toBe('STK5008');
  });

  it('names the taken port in the hint', () => {
    const error = mapError(httpError(500, 'Bind for 127.0.0.1:8080 failed: port is already allocated'), start);
    expect(error.hint).toContain('8080');
  });

  it('304 is recognised as "already in that state"', () => {
    expect(isNotModified(httpError(304, ''))).toBe(true);
    expect(isNotModified(httpError(404, 'x'))).toBe(false);
  });
});

describe('mapError: transport', () => {
  it.each([
    ['ENOENT', 'STK5001', 'Unavailable'],
    ['ECONNREFUSED', 'STK5001', 'Unavailable'],
    ['EACCES', 'STK5002', 'PermissionDenied'],
    ['ETIMEDOUT', 'STK5001', 'Timeout'],
    ['ECONNRESET', 'STK5001', 'Unavailable'],
  ])('%s → %s %s, naming the socket', (code, stk, errorClass) => {
    const error = mapError(errno(code), start);
    expect(error.code).toBe(stk);
    expect(error.errorClass).toBe(errorClass);
    expect(error.message).toContain('unix:///tmp/none/docker.sock');
  });

  it('tells Docker users how to start dockerd, and stackd users how to start stackd', () => {
    expect(mapError(errno('ENOENT'), start).hint).toMatch(/dockerd|DOCKER_HOST/);
    expect(mapError(errno('ENOENT'), { ...start, endpoint: bundled }).hint).toContain('stack runtime start');
  });

  it('an abort becomes the cancel error', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    const error = mapError(abort, start);
    expect(error.code).toBe('STK5099');
    expect(error.errorClass).toBe('Canceled');
  });

  it('a StackError passes through unchanged', () => {
    const inner = mapError(errno('ENOENT'), start);
    expect(mapError(inner, start)).toBe(inner);
  });

  it('an error with neither status nor errno is an unexpected answer', () => {
    expect(mapError(new Error('Parse Error: Expected HTTP/'), start).code).toBe('STK5017');
  });
});

describe('engineMessage', () => {
  it('reads the JSON message, a text body, or the part after docker-modem\'s prefix', () => {
    expect(engineMessage({ json: { message: ' a ' } })).toBe('a');
    expect(engineMessage({ json: 'plain text' })).toBe('plain text');
    expect(engineMessage({ json: Buffer.from('bytes') })).toBe('bytes');
    expect(engineMessage({ message: '(HTTP code 500) server error - boom ' })).toBe('boom');
  });
});

describe('allocatedPort', () => {
  it('finds the address in both of Docker\'s wordings', () => {
    expect(allocatedPort('Bind for 0.0.0.0:80 failed: port is already allocated')).toEqual({ address: '0.0.0.0:80', port: 80 });
    expect(allocatedPort('listen tcp4 127.0.0.1:5432: bind: address already in use')).toEqual({ address: '127.0.0.1:5432', port: 5432 });
    expect(allocatedPort('listen tcp6 [::]:8080: bind: address already in use')).toEqual({ address: '[::]:8080', port: 8080 });
    expect(allocatedPort('something else')).toBeUndefined();
  });
});
