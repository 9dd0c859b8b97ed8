import { describe, expect, it } from 'vitest';
import { openRenderer } from './open-renderer.ts';
import { fakeTerminal } from './testing/fake-tty.ts';
import { loadRecording } from './testing/recordings.ts';
import { hasEscapes, stripAnsi } from './text-width.ts';

describe('openRenderer', () => {
  it('gives each choice its renderer: plain lines, JSON lines, nothing, or the live tree', async () => {
    const events = loadRecording('scaled');
    const outputs: Record<string, string> = {};
    for (const kind of ['plain', 'json', 'quiet', 'tty'] as const) {
      const term = fakeTerminal(80, 24);
      const renderer = await openRenderer({ kind, color: false }, term.stdout);
      for (const event of events) renderer.handle(event);
      await renderer.close();
      outputs[kind] = term.output();
    }
    expect(outputs.quiet).toBe('');
    expect(hasEscapes(outputs.plain ?? '')).toBe(false);
    expect(outputs.plain).toMatch(/^Container demo-web-3 +Started/m);
    expect((outputs.json ?? '').trim().split('\n')).toHaveLength(events.length);
    expect(hasEscapes(outputs.tty ?? '')).toBe(true);
    expect(stripAnsi(outputs.tty ?? '')).toMatch(/✔ Container demo-web-3 +Started/);
  });
});
