import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { freePort, type Scenario } from './harness.ts';
import { stackdFactory } from './stackd-factory.ts';
import { missingTmux, terminalScenarios, type Terminal } from './tui-terminal.ts';

/**
 * `stack dashboard` in a real terminal (tmux) on the bundled runtime: every
 * running service with its published port; keys move the selection, follow
 * logs, restart a service (its restart count goes up, the runtime agrees);
 * `q` exits 0 and gives the terminal back (main screen, cursor shown, keys
 * echoed again). And `stack up --dashboard` opens it once the services are up.
 */
const missing = stackdFactory.missing ?? missingTmux();
announceSkip('e2e dashboard (tmux, stackd)', missing);

/** The service table's line for a service: `▸ web  1/1 running  -  127.0.0.1:18090→8080  0  3s ...`. */
function row(screen: readonly string[], service: string): string | undefined {
  return screen.find((l) => new RegExp(`^[▸ ] ${service} +\\d+/\\d+ `).test(l));
}

/** The RST column of a row: the number after the ports. */
function restarts(line: string | undefined): number {
  const m = /→\d+ +(\d+) /.exec(line ?? '') ?? /running +\S+ +- +(\d+) /.exec(line ?? '');
  return m ? Number(m[1]) : Number.NaN;
}

describe.skipIf(missing)('stack dashboard in a terminal, on stackd', () => {
  const terminals = terminalScenarios();
  const scenario = async (): Promise<{ s: Scenario; term: Terminal; port: number }> => {
    const port = await freePort();
    return { ...(await terminals.open('TuiStack', { WEB_PORT: String(port) })), port };
  };

  it('shows each service with its port; keys move, follow logs and restart; q exits 0 and gives the terminal back', async () => {
    const { s, term, port } = await scenario();
    const up = await s.stack(['up', '-d']);
    expect(up.code, up.stderr).toBe(0);
    const dashboard = term.start('dashboard');

    const first = await term.waitFor((screen) => ['db', 'web', 'worker'].every((name) => row(screen, name)?.includes('running')), 'every service running');
    expect(first[0]).toMatch(new RegExp(`^stack · ${s.project} · stackd · 3/3 services up`));
    expect(row(first, 'web')).toContain(`127.0.0.1:${port}→8080`);
    expect(row(first, 'db')).toMatch(/ healthy /);
    expect(row(first, 'db')).toMatch(/^▸ /);

    // j and k move the selection; the log pane follows the selected service.
    term.press('j');
    const moved = await term.waitFor((screen) => row(screen, 'web')?.startsWith('▸') === true, 'the selection on web');
    expect(row(moved, 'db')).toMatch(/^ {2}db/);
    await term.waitFor((screen) => screen.some((l) => /^── logs: web · following/.test(l)) && screen.some((l) => /^web tick \d+$/.test(l)), "web's log, followed");
    const ticks = (screen: readonly string[]) => Math.max(...screen.map((l) => /^web tick (\d+)$/.exec(l)?.[1]).filter((n) => n !== undefined).map(Number));
    const before = ticks(term.screen());
    await term.waitFor((screen) => ticks(screen) > before, 'new lines while following');
    // f stops following (the pane stays where it is), f again follows.
    term.press('f');
    await term.waitFor((screen) => screen.some((l) => /^── logs: web · paused \(f follows\)/.test(l)), 'the log paused');
    term.press('f');
    await term.waitFor((screen) => screen.some((l) => /^── logs: web · following/.test(l)), 'the log followed again');
    term.press('k');
    await term.waitFor((screen) => row(screen, 'db')?.startsWith('▸') === true, 'the selection back on db');
    term.press('j');
    await term.waitFor((screen) => row(screen, 'web')?.startsWith('▸') === true, 'the selection on web again');

    // r restarts the selected service: its restart count goes up in the view, and the runtime restarted it.
    const startedBefore = (await s.client.inspectContainer(`${s.project}-web-1`)).startedAt;
    expect(restarts(row(term.screen(), 'web'))).toBe(0);
    term.press('r');
    await term.waitFor((screen) => restarts(row(screen, 'web')) === 1 && row(screen, 'web')?.includes('running') === true, 'web restarted, RST 1');
    await term.waitFor((screen) => screen.some((l) => l === 'web restarted'), 'the notice');
    expect((await s.client.inspectContainer(`${s.project}-web-1`)).startedAt).toBeGreaterThan(startedBefore ?? 0);
    expect(restarts(row(term.screen(), 'db'))).toBe(0);

    // q: exit 0, main screen back with what was there, cursor shown, the terminal in cooked mode.
    term.press('q');
    const run = await dashboard.done();
    expect(run.status).toBe(0);
    expect(count(run.raw, '\x1b[?1049h')).toBe(1);
    expect(count(run.raw, '\x1b[?1049l')).toBe(1);
    expect(run.raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(run.raw.lastIndexOf('\x1b[?25l'));
    expect(run.raw.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(run.raw.lastIndexOf('\x1b[?1049h'));
    const after = term.screen();
    expect(after.some((l) => l.startsWith('stack · '))).toBe(false);
    // What the main screen showed before the dashboard is back, the exit status printed under it.
    expect(after.findIndex((l) => /^__begin_\w+__$/.test(l))).toBeLessThan(after.findIndex((l) => /^__end_\w+__ 0$/.test(l)));
    expect(after.findIndex((l) => /^__begin_\w+__$/.test(l))).toBeGreaterThanOrEqual(0);
    // Keys echo and lines edit again: the next command runs as typed.
    term.type('stty -a | tr " ;" "\\n\\n" | grep -xE -e "-?(icanon|echo)"; echo usable-$((6*7))');
    term.press('Enter');
    const usable = await term.waitFor((screen) => screen.includes('usable-42'), 'the next command');
    expect(usable).toContain('icanon');
    expect(usable).toContain('echo');
    expect(usable).not.toContain('-icanon');
  });

  it('up --dashboard converges, then opens the dashboard on the services it started; q leaves them running', async () => {
    const { s, term } = await scenario();
    const up = term.start('up --dashboard');
    await term.waitFor((screen) => ['db', 'web', 'worker'].every((name) => row(screen, name)?.includes('running')), 'the dashboard after up');
    term.press('q');
    const run = await up.done();
    expect(run.status).toBe(0);
    // The progress was drawn before the dashboard took the screen.
    expect(run.raw.indexOf('Done 4/4')).toBeGreaterThanOrEqual(0);
    expect(run.raw.indexOf('Done 4/4')).toBeLessThan(run.raw.indexOf('\x1b[?1049h'));
    await eventually(async () => expect((await s.containers()).map((c) => c.state)).toEqual(['running', 'running', 'running']));
  });
});

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
