import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip } from '../helpers/requirements.ts';
import { freePort, type Scenario } from './harness.ts';
import { stackdFactory } from './stackd-factory.ts';
import { colours, escapes, missingTmux, redraws, terminalScenarios, type Terminal } from './tui-terminal.ts';

/**
 * `stack up`'s progress in a real terminal (tmux) on the bundled runtime:
 * the live tree ends showing every service in its final state; piped, the
 * same command prints plain lines without one escape code; `--progress json`
 * prints one JSON object per line carrying the same final state per row as
 * the tree; attached, the progress is followed by the log stream.
 */
const missing = stackdFactory.missing ?? missingTmux();
announceSkip('e2e terminal progress (tmux, stackd)', missing);

/** The final rows a live tree or plain lines show: `Container web-1 → Started`, project prefix taken off. */
function finalRows(lines: readonly string[], project: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of lines) {
    const m = /^\s*[✔✘!-]?\s*(Network|Volume|Image|Container) (\S+)\s+(\S+(?: \d+)?)/.exec(line);
    if (m) rows[`${m[1]} ${(m[2] as string).replace(`${project}-`, '').replace(`${project}_`, '')}`] = m[3] as string;
  }
  return rows;
}

describe.skipIf(missing)('stack up in a terminal, on stackd', () => {
  const terminals = terminalScenarios();
  const scenario = async (): Promise<{ s: Scenario; term: Terminal }> => terminals.open('TuiStack', { WEB_PORT: String(await freePort()) });
  let ttyRows: Record<string, string> | undefined;

  it('ends showing every service with its final state, and nothing left of the live region', async () => {
    const { s, term } = await scenario();
    const run = await term.run('up -d');
    expect(run.status).toBe(0);
    const screen = term.screen();
    ttyRows = finalRows(screen, s.project);
    expect(ttyRows).toEqual({ 'Network default': 'Created', 'Container db-1': 'Healthy', 'Container web-1': 'Started', 'Container worker-1': 'Started' });
    expect(screen.filter((l) => l.startsWith('[+]'))).toEqual([expect.stringMatching(/^\[\+\] Done 4\/4 /)]);
    // The tree was live (it redrew itself), and left no spinner behind.
    expect(run.raw).toMatch(redraws);
    expect(screen.join('\n')).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect((await s.containers()).map((c) => c.state)).toEqual(['running', 'running', 'running']);
  });

  it('piped through cat, prints plain lines without one escape code', async () => {
    const { s, term } = await scenario();
    const run = await term.run('up -d', { suffix: ' 2>&1 | cat > piped.txt' });
    expect(run.status).toBe(0);
    const text = readFileSync(join(s.dir, 'piped.txt'), 'utf8');
    expect(text).not.toMatch(escapes);
    const lines = text.split('\n');
    expect(finalRows(lines.filter((l) => !l.startsWith('[+]')), s.project)).toMatchObject({ 'Container web-1': 'Started', 'Container db-1': 'Healthy' });
    expect(lines).toContainEqual(expect.stringMatching(/^\[\+\] up \S+: done 4\/4 in /));
  });

  it('--progress json: one JSON object per line, carrying the final state per row the tree showed', async () => {
    const { s, term } = await scenario();
    const run = await term.run('--progress json up -d', { suffix: ' 2> events.jsonl' });
    expect(run.status).toBe(0);
    const lines = readFileSync(join(s.dir, 'events.jsonl'), 'utf8').trim().split('\n');
    const objects = lines.map((line) => JSON.parse(line) as { type: string; id?: string; kind?: string; name?: string; status?: string; event?: { type: string } });
    expect(objects.every((o) => typeof o === 'object' && o.event?.type === o.type)).toBe(true);
    expect(objects[0]?.type).toBe('pass.started');
    expect(objects.at(-1)).toMatchObject({ type: 'pass.finished', ok: true });
    const last: Record<string, string> = {};
    for (const o of objects) {
      if (o.id === undefined || o.status === undefined || o.kind === 'layer') continue;
      const kind = `${o.kind?.slice(0, 1).toUpperCase()}${o.kind?.slice(1)}`;
      last[`${kind} ${(o.name ?? '').replace(`${s.project}-`, '').replace(`${s.project}_`, '')}`] = o.status;
    }
    expect(ttyRows, 'the terminal test ran first').toBeDefined();
    expect(last).toEqual(ttyRows);
  });

  it('attached: the progress, then the services\' log stream; Ctrl+C stops them and leaves a clean screen', async () => {
    const { term } = await scenario();
    const up = term.start('up');
    const following = await term.waitFor((screen) => screen.some((l) => /^web-1 +\| web tick \d+/.test(l)), 'the log stream');
    const done = following.findIndex((l) => /^\[\+\] Done 4\/4/.test(l));
    const firstLog = following.findIndex((l) => / \| /.test(l));
    expect(done).toBeGreaterThanOrEqual(0);
    expect(firstLog).toBeGreaterThan(done);
    term.press('C-c');
    const run = await up.done();
    expect(run.status).toBe(130);
    const screen = term.screen();
    // The stop pass drew among the last log lines without overwriting them or leaving a frame behind.
    expect(screen.filter((l) => l.startsWith('[+] Running'))).toEqual([]);
    expect(screen).toContainEqual(expect.stringMatching(/^\[\+\] Done 3\/3/));
    expect(screen.filter((l) => /✔ Container \S+-web-1 +Stopped/.test(l))).toHaveLength(1);
    expect(run.raw).toMatch(colours);
  });
});
