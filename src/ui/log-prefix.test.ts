import { describe, expect, it } from 'vitest';
import { style } from '../base/style.ts';
import { createLogFormatter, prefixPalette, serviceColor } from './log-prefix.ts';
import { hasEscapes } from './text-width.ts';

const plain = { styler: style(false), prefix: true, timestamps: false };

describe('log prefixes', () => {
  it('aligns names to the longest with a bar, as compose prints them', () => {
    const f = createLogFormatter(['content', 'web'], ['web-1', 'content-1'], plain);
    expect(f.format({ service: 'web', name: 'web-1', text: 'GET / 200' })).toBe('web-1      | GET / 200');
    expect(f.format({ service: 'content', name: 'content-1', text: 'ready\n' })).toBe('content-1  | ready');
  });

  it('widens the column for a replica that appears later', () => {
    const f = createLogFormatter(['web'], ['web-1'], plain);
    expect(f.format({ service: 'web', name: 'web-10', text: 'x' })).toBe('web-10  | x');
    expect(f.format({ service: 'web', name: 'web-1', text: 'y' })).toBe('web-1   | y');
  });

  it('prints lines bare with --no-log-prefix, and timestamps after the prefix with --timestamps', () => {
    expect(createLogFormatter(['web'], ['web-1'], { ...plain, prefix: false }).format({ service: 'web', name: 'web-1', text: 'x' })).toBe('x');
    const t = createLogFormatter(['web'], ['web-1'], { ...plain, timestamps: true });
    expect(t.format({ service: 'web', name: 'web-1', text: 'x', time: Date.UTC(2026, 0, 2, 3, 4, 5, 6) })).toBe('web-1  | 2026-01-02T03:04:05.006Z x');
  });

  it('colours the prefix only when colour is on, and never the container\'s text', () => {
    const off = createLogFormatter(['web'], ['web-1'], plain).format({ service: 'web', name: 'web-1', text: 'x' });
    expect(hasEscapes(off)).toBe(false);
    const on = createLogFormatter(['web'], ['web-1'], { ...plain, styler: style(true) }).format({ service: 'web', name: 'web-1', text: 'x' });
    expect(on).toBe(`\x1b[38;5;${serviceColor('web', ['web'])}mweb-1  |\x1b[39m x`);
  });

  it('gives each service of a project its own stable colour', () => {
    const services = ['web', 'db', 'cache', 'worker'];
    const colors = services.map((s) => serviceColor(s, services));
    expect(new Set(colors).size).toBe(services.length);
    expect(serviceColor('web', [...services].reverse())).toBe(serviceColor('web', services));
    expect(prefixPalette).toContain(serviceColor('unknown', services));
    expect(serviceColor('unknown', services)).toBe(serviceColor('unknown', []));
  });
});
