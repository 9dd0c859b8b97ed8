import { describe, expect, it } from 'vitest';
import { parseChunked } from './exchange.ts';

describe('parseChunked: the body of a hijack request sent chunked', () => {
  it('reads chunks through the last one and says where the raw stream begins', () => {
    const bytes = Buffer.from('4\r\n{"a"\r\n2\r\n:1\r\n0\r\n\r\nstdin bytes');
    const parsed = parseChunked(bytes);
    expect(parsed?.body.toString()).toBe('{"a":1');
    expect(bytes.subarray(parsed?.consumed).toString()).toBe('stdin bytes');
  });

  it('an empty body (Node ends hijack requests at once) is just the last chunk', () => {
    expect(parseChunked(Buffer.from('0\r\n\r\nhello\n'))).toEqual({ body: Buffer.alloc(0), consumed: 5 });
  });

  it('waits for more while the body is incomplete, trailers included', () => {
    expect(parseChunked(Buffer.from('4\r\nab'))).toBeUndefined();
    expect(parseChunked(Buffer.from('0\r\nX-Trailer: 1\r\n'))).toBeUndefined();
    const whole = '0\r\nX-Trailer: 1\r\n\r\n';
    expect(parseChunked(Buffer.from(`${whole}rest`))?.consumed).toBe(whole.length);
  });

  it('refuses a size that is not hex', () => {
    expect(() => parseChunked(Buffer.from('zz\r\n'))).toThrow();
  });
});
