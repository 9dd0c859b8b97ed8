import { describe, expect, it } from 'vitest';
import { loadRecording } from '../testing/recordings.ts';
import { fakeTerminal } from '../testing/fake-tty.ts';
import { screenLines } from '../testing/screen.ts';
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

  it('prints text (the logs of an attached up) above the live region, which draws itself again below: nothing is overwritten or left behind', async () => {
    // stdout and stderr on one terminal: one stream for both.
    const term = fakeTerminal(80, 24);
    const events = loadRecording('down');
    const renderer = createInkProgressRenderer({ stdout: term.stdout, log: term.stdout, color: false, clock: () => events.at(-1)?.at ?? 0 });
    const notes: string[] = [];
    for (const [i, event] of events.entries()) {
      renderer.handle(event);
      if (event.type === 'action.succeeded' && event.status === 'Stopped') {
        notes.push(`${event.resource.name} exited with code 0 (${i})`);
        renderer.print?.(`${notes.at(-1)}\n`);
        // Let Ink draw between two prints, as it does between two log lines.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    await renderer.close();
    const screen = screenLines(term.output());
    expect(notes.length).toBeGreaterThan(1);
    for (const note of notes) expect(screen.filter((l) => l === note), note).toHaveLength(1);
    expect(screen.filter((l) => l.startsWith('[+]'))).toEqual([expect.stringMatching(/^\[\+\] Done 6\/6/)]);
    for (const name of ['demo-cache-1', 'demo-db-1', 'demo-web-1', 'demo-web-2', 'demo-web-3']) {
      expect(screen.filter((l) => l.includes(`Container ${name} `)), name).toEqual([expect.stringMatching(/✔ Container demo-\S+ +Removed/)]);
    }
  });
});
