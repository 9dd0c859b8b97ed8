import { describe, expect, it } from 'vitest';
import { StackError } from '../../../base/index.ts';
import { apiError } from './api-error.ts';

const err = (code: string, errorClass: StackError['errorClass'], resource?: string, message = 'ours') => new StackError({ code, errorClass, message, ...(resource ? { resource } : {}) });

describe('apiError: failures as dockerd reports them', () => {
  it('not-found messages carry dockerd\'s words, which clients match to tell the kind apart', () => {
    expect(apiError(err('STK5201', 'NotFound', 'container:web'))).toEqual({ status: 404, message: 'No such container: web' });
    expect(apiError(err('STK5101', 'NotFound', 'image:busybox:latest')).message).toMatch(/^No such image: busybox:latest/);
    expect(apiError(err('STK5401', 'NotFound', 'volume:data'))).toEqual({ status: 404, message: 'get data: no such volume' });
    expect(apiError(err('STK6001', 'NotFound', 'network:front'))).toEqual({ status: 404, message: 'network front not found' });
    expect(apiError(err('STK5214', 'NotFound', 'exec:abc'))).toEqual({ status: 404, message: 'No such exec instance: abc' });
  });

  it('a port in use is dockerd\'s "port is already allocated" with the address, as a 500', () => {
    const mapped = apiError(err('STK6009', 'Conflict', 'port:127.0.0.1:8080/tcp'));
    expect(mapped.status).toBe(500);
    expect(mapped.message).toContain('Bind for 127.0.0.1:8080 failed: port is already allocated');
  });

  it('status codes follow the error class; a name taken says "already in use"', () => {
    expect(apiError(err('STK5202', 'Conflict')).status).toBe(409);
    expect(apiError(err('STK5202', 'Conflict', undefined, 'the container name "/x" is already in use by container 123')).message).toContain('already in use');
    expect(apiError(err('STK5203', 'InvalidArgument')).status).toBe(400);
    expect(apiError(err('STK5204', 'Conflict')).status).toBe(409);
    expect(apiError(err('STK5209', 'Internal')).status).toBe(500);
    expect(apiError(err('STK5304', 'PermissionDenied')).status).toBe(403);
    expect(apiError(err('STK6003', 'Conflict', 'network:n')).status).toBe(403);
  });

  it('anything that is not a StackError is a 500 that says it is ours', () => {
    expect(apiError(new Error('boom'))).toEqual({ status: 500, message: 'stackd internal error: boom' });
  });
});
