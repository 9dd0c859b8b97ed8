import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/helpers/eventually.ts';
import { demoNow, demoWorld } from '../testing/demo-world.ts';
import { fakeTerminal } from '../testing/fake-tty.ts';
import { stripAnsi } from '../text-width.ts';
import { runDashboard } from './run-dashboard.tsx';

describe('runDashboard on a terminal', () => {
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
