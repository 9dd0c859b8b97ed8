import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/helpers/eventually.ts';
import { demoNow, demoWorld } from '../testing/demo-world.ts';
import { fakeTerminal } from '../testing/fake-tty.ts';
import { stripAnsi } from '../text-width.ts';
import { loadInk } from '../load-ink.ts';

// Loaded as the CLI loads it, so the tests behave the same with CI set.
const { runDashboard } = await loadInk();

/**
 * Follows the cursor's row through what was written, as a terminal of `rows`
 * rows would (a newline on the last row scrolls), and returns the row on
 * which each occurrence of `marker` was written.
 */
function rowsWhereWritten(raw: string, rows: number, marker: string): number[] {
  const found: number[] = [];
  let row = 0;
  // eslint-disable-next-line no-control-regex
  const token = /\x1b\[(\d*)(?:;\d*)?([ABEFH])|\x1b\[[0-9;?]*[a-zA-Z]|\n|[^\x1b\n]+/g;
  for (const match of raw.matchAll(token)) {
    const [text, count, command] = match;
    const n = count === undefined || count === '' ? 1 : Number(count);
    if (text === '\n') row = Math.min(rows - 1, row + 1);
    else if (command === 'A' || command === 'F') row = Math.max(0, row - n);
    else if (command === 'B' || command === 'E') row = Math.min(rows - 1, row + n);
    else if (command === 'H') row = count === undefined || count === '' ? 0 : n - 1;
    else if (!text.startsWith('\x1b') && text.includes(marker)) found.push(row);
  }
  return found;
}

describe('runDashboard on a terminal', () => {
  it('draws every frame from the top row, so redraws never drift down the screen', async () => {
    const term = fakeTerminal(100, 30);
    const world = demoWorld(() => demoNow);
    const abort = new AbortController();
    const done = runDashboard({ source: world, actions: world.actions, stdout: term.stdout, stdin: term.stdin, color: false, signal: abort.signal });
    await eventually(() => expect(stripAnsi(term.output())).toContain('stack · demo · stackd'));
    for (const text of ['first-log-line', 'second-log-line', 'third-log-line']) {
      world.log('cache', text);
      await eventually(() => expect(term.output()).toContain(text));
    }
    abort.abort();
    await done;
    // The header is the first row; the log pane's first line is row 7 (header, table title, 4 services, pane title).
    expect(new Set(rowsWhereWritten(term.output(), 30, 'stack · '))).toEqual(new Set([0]));
    expect(new Set(rowsWhereWritten(term.output(), 30, 'first-log-line'))).toEqual(new Set([7]));
  });

  it('draws on the alternate screen and gives the terminal back on q: main screen, cursor shown, raw mode off, streams closed', async () => {
    const term = fakeTerminal(100, 30);
    const world = demoWorld(() => demoNow);
    let ready = false;
    const done = runDashboard({ source: world, actions: world.actions, stdout: term.stdout, stdin: term.stdin, color: true, onReady: () => (ready = true) });
    await eventually(() => expect(ready).toBe(true));
    await eventually(() => expect(stripAnsi(term.output())).toContain('stack · demo · stackd'));
    expect(term.output().startsWith('\x1b[?1049h')).toBe(true);
    expect(term.stdin.rawMode).toBe(true);
    term.type('q');
    await expect(done).resolves.toBe(0);
    const raw = term.output();
    expect(raw.endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
    expect(term.stdin.rawMode).toBe(false);
    expect(world.openStreams).toBe(0);
  });

  it('quits when the signal fires', async () => {
    const term = fakeTerminal(80, 24);
    const world = demoWorld(() => demoNow);
    const abort = new AbortController();
    const done = runDashboard({ source: world, actions: world.actions, stdout: term.stdout, stdin: term.stdin, color: false, signal: abort.signal });
    await eventually(() => expect(stripAnsi(term.output())).toContain('stack · demo'));
    abort.abort();
    await expect(done).resolves.toBe(0);
    expect(term.output().endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
  });

  it('redraws at the new size when the terminal is resized', async () => {
    const term = fakeTerminal(80, 24);
    const world = demoWorld(() => demoNow);
    const abort = new AbortController();
    const done = runDashboard({ source: world, actions: world.actions, stdout: term.stdout, stdin: term.stdin, color: false, signal: abort.signal });
    await eventually(() => expect(stripAnsi(term.output())).toContain('SERVICE'));
    expect(stripAnsi(term.output())).not.toContain('IMAGE');
    Object.assign(term.stdout, { columns: 140, rows: 40 });
    term.stdout.emit('resize');
    await eventually(() => expect(stripAnsi(term.output())).toContain('IMAGE'));
    abort.abort();
    await done;
  });
});
