import { describe, expect, it } from 'vitest';
import { parseSignal, signalName } from './signals.ts';

describe('signals', () => {
  it('accepts names, short names, numbers and real-time signals', () => {
    expect(parseSignal('SIGTERM')).toBe(15);
    expect(parseSignal('kill')).toBe(9);
    expect(parseSignal('10')).toBe(10);
    expect(parseSignal(2)).toBe(2);
    expect(parseSignal('SIGRTMIN+3')).toBe(37);
    expect(signalName(15)).toBe('SIGTERM');
    for (const bad of ['SIGNOPE', '0', '65', 'RTMIN+40']) expect(() => parseSignal(bad), bad).toThrow(expect.objectContaining({ code: 'STK5216' }));
  });
});
