import { describe, expect, it } from 'vitest';
import { boolParam, filtersParam, frame, labelsMatch, parseJsonBody, streamContentType, timeParam, withoutNulls } from './wire.ts';

const q = (text: string) => new URLSearchParams(text);

describe('wire: reading requests as dockerd does', () => {
  it('booleans: Go spellings and docker-py\'s True/False', () => {
    for (const yes of ['1', 'true', 'True', 'yes', 'anything']) expect(boolParam(q(`v=${yes}`), 'v')).toBe(true);
    for (const no of ['', '0', 'false', 'False', 'no', 'none']) expect(boolParam(q(`v=${no}`), 'v')).toBe(false);
    expect(boolParam(q(''), 'v')).toBe(false);
    expect(boolParam(q(''), 'stream', true)).toBe(true);
  });

  it('filters in both JSON forms; anything else is STK5307', () => {
    expect(filtersParam(q(`filters=${encodeURIComponent('{"label":["a=b","c"]}')}`))).toEqual({ label: ['a=b', 'c'] });
    expect(filtersParam(q(`filters=${encodeURIComponent('{"label":{"a=b":true,"off":false}}')}`))).toEqual({ label: ['a=b'] });
    expect(filtersParam(q(''))).toEqual({});
    expect(() => filtersParam(q('filters=nope'))).toThrow(expect.objectContaining({ code: 'STK5307' }));
  });

  it('label filters: every one must hold, key alone means present', () => {
    expect(labelsMatch({ a: 'b', c: '' }, ['a=b', 'c'])).toBe(true);
    expect(labelsMatch({ a: 'b' }, ['a=x'])).toBe(false);
    expect(labelsMatch({ a: 'b' }, ['z'])).toBe(false);
    expect(labelsMatch(undefined, undefined)).toBe(true);
  });

  it('bodies: null members read as absent (Go zero values), arrays kept', () => {
    expect(parseJsonBody(Buffer.from('{"Healthcheck":{"Test":["CMD","x"],"Timeout":null},"Cmd":null,"Env":["A=1",null]}'))).toEqual({ Healthcheck: { Test: ['CMD', 'x'] }, Env: ['A=1', null] });
    expect(parseJsonBody(Buffer.alloc(0))).toEqual({});
    expect(withoutNulls([{ a: null, b: 1 }])).toEqual([{ b: 1 }]);
    expect(() => parseJsonBody(Buffer.from('{'))).toThrow(expect.objectContaining({ code: 'STK5307' }));
  });

  it('frames: 8-byte header naming the stream and the length', () => {
    const framed = frame('stderr', Buffer.from('hi'));
    expect([...framed.subarray(0, 8)]).toEqual([2, 0, 0, 0, 0, 0, 0, 2]);
    expect(framed.subarray(8).toString()).toBe('hi');
    expect(frame('stdout', Buffer.alloc(0))[0]).toBe(1);
  });

  it('stream content types by TTY and API version', () => {
    expect(streamContentType(true, '1.43')).toBe('application/vnd.docker.raw-stream');
    expect(streamContentType(false, '1.41')).toBe('application/vnd.docker.raw-stream');
    expect(streamContentType(false, '1.42')).toBe('application/vnd.docker.multiplexed-stream');
  });

  it('times: Unix seconds (with fractions), durations relative to now, RFC 3339', () => {
    expect(timeParam(q('since=1700000000.5'), 'since')).toBe(1_700_000_000_500);
    expect(timeParam(q('since=10m'), 'since', 1_000_000)).toBe(400_000);
    expect(timeParam(q('since=2024-01-01T00:00:00Z'), 'since')).toBe(Date.UTC(2024, 0, 1));
    expect(timeParam(q(''), 'since')).toBeUndefined();
    expect(() => timeParam(q('since=yesterday'), 'since')).toThrow(expect.objectContaining({ code: 'STK5307' }));
  });
});
