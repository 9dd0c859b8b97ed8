import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, fit, hasEscapes, padStart, sanitizeLine, stripAnsi, truncate } from './text-width.ts';

describe('text widths', () => {
  it('counts terminal cells: wide CJK and emoji take two, combining marks and escapes none', () => {
    expect(displayWidth('web-1')).toBe(5);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('🚀x')).toBe(3);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\x1b[31mred\x1b[39m')).toBe(3);
  });

  it('cuts with an ellipsis and never exceeds the width', () => {
    expect(truncate('config changed: environment.MODE', 12)).toBe('config chan…');
    expect(truncate('short', 12)).toBe('short');
    expect(truncate('日本語テキスト', 5)).toBe('日本…');
    expect(truncate('abc', 0)).toBe('');
    expect(truncate('abc', 1)).toBe('…');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 0, max: 40 }), (text, width) => {
        expect(displayWidth(truncate(text, width))).toBeLessThanOrEqual(width);
      }),
    );
  });

  it('fits to exactly the width, padding or cutting', () => {
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(padStart('1.2s', 7)).toBe('   1.2s');
  });

  it('makes container output safe to draw: no escapes, no cursor moves, tabs as spaces', () => {
    const line = sanitizeLine('\x1b[2J\x1b[Hhello\tworld\r\x07');
    expect(hasEscapes(line)).toBe(false);
    expect(line).toBe('hello    world�');
    expect(stripAnsi('\x1b]0;title\x07text')).toBe('text');
  });
});
