import { describe, expect, it } from 'vitest';
import { loadRecording } from '../testing/recordings.ts';
import { fakeTerminal } from '../testing/fake-tty.ts';
import { stripAnsi } from '../text-width.ts';
import { loadInk } from '../load-ink.ts';

// Loaded as the CLI loads it, so the tests behave the same with CI set.
const { createInkProgressRenderer } = await loadInk();

describe('the Ink progress renderer on a terminal', () => {
  it('prints each finished row once, so the scrollback reads like a log, and ends with the cursor shown', async () => {
    const term = fakeTerminal(80, 24);
    const events = loadRecording('cold-up');
    const renderer = createInkProgressRenderer({ stdout: term.stdout, color: false, clock: () => events.at(-1)?.at ?? 0 });
    for (const event of events) renderer.handle(event);
    await renderer.close();
    const raw = term.output();
    const text = stripAnsi(raw);
    for (const row of ['Volume demo_data +Created', 'Image 127\\.0\\.0\\.1:5000/demo/cache:7 +Pulled', 'Container demo-db-1 +Healthy', 'Container demo-web-1 +Started']) {
      expect(text.match(new RegExp(row, 'g')), row).toHaveLength(1);
    }
    expect(text).toMatch(/\[\+\] Done 6\/6/);
    expect(raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(raw.lastIndexOf('\x1b[?25l'));
  });

  it('ignores events after close and closes once', async () => {
    const term = fakeTerminal(120, 40);
    const renderer = createInkProgressRenderer({ stdout: term.stdout, color: true });
    const events = loadRecording('down');
    const stopped = events.findIndex((e) => e.type === 'action.succeeded' && e.status === 'Stopped');
    for (const event of events.slice(0, stopped + 1)) renderer.handle(event);
    await renderer.close();
    const written = term.output().length;
    renderer.handle(events[stopped + 1]!);
    await renderer.close();
    expect(term.output().length).toBe(written);
    // Closed before the pass ended: what happened is shown, what did not run says so, and the header does not claim success.
    const text = stripAnsi(term.output());
    expect(text).toMatch(/✔ Container demo-\w+-\d +Stopped/);
    expect(text).toMatch(/- Container demo-db-1 +Not run/);
    expect(text).toMatch(/\[\+\] Interrupted \d+\/\d+/);
  });
});
