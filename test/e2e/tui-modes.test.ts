import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip } from '../helpers/requirements.ts';
import type { Scenario } from './harness.ts';
import { stackdFactory } from './stackd-factory.ts';
import { colours, escapes, missingTmux, redraws, terminalScenarios } from './tui-terminal.ts';

/**
 * The output switches end to end, through the built CLI in a real terminal
 * (tmux) or a pipe, on the bundled runtime: each mode's essential property,
 * checked on the bytes `stack up -d` wrote.
 */
const missing = stackdFactory.missing ?? missingTmux();
announceSkip('e2e output modes (tmux, stackd)', missing);

describe.skipIf(missing)('--progress, --ansi and NO_COLOR, end to end', () => {
  const terminals = terminalScenarios();

  /** `stack <flags> up -d` of a fresh one-service project, in a terminal or (`piped`) into a file; what it wrote. */
  const upWith = async (flags: string, options: { readonly piped?: boolean; readonly env?: string } = {}): Promise<{ status: number; out: string; s: Scenario }> => {
    const { s, term } = await terminals.open('TuiOne');
    const run = await term.run(`${flags} up -d`, { ...(options.env ? { prefix: `${options.env} ` } : {}), ...(options.piped ? { suffix: ' 2>&1 | cat > out.txt' } : {}) });
    const out = options.piped ? readFileSync(join(s.dir, 'out.txt'), 'utf8') : run.raw;
    expect(run.status, out).toBe(0);
    expect((await s.containers()).map((c) => c.state)).toEqual(['running']);
    return { status: run.status, out, s };
  };
  const started = (s: Scenario) => new RegExp(`Container ${s.project}-app-1 +(\\x1b\\[[0-9;]*m)*Started`);

  it('--progress auto on a terminal: the live tree, redrawn in place', async () => {
    const { out } = await upWith('--progress auto');
    expect(out).toMatch(redraws);
    expect(out).toMatch(/\[\+\] Done 2\/2/);
  });

  it('--progress auto --ansi auto into a pipe: plain lines, not one escape code', async () => {
    const { out, s } = await upWith('--progress auto --ansi auto', { piped: true });
    expect(out).not.toMatch(escapes);
    expect(out).toMatch(started(s));
  });

  it('--progress tty into a pipe: the tree is drawn as asked, even where nothing can redraw it', async () => {
    const { out, s } = await upWith('--progress tty', { piped: true });
    expect(out).toMatch(new RegExp(`✔ Container ${s.project}-app-1 +Started`));
    expect(out).toMatch(/\[\+\] Done 2\/2/);
  });

  it('--progress plain on a terminal: a line per change, nothing redrawn', async () => {
    const { out, s } = await upWith('--progress plain');
    expect(out).not.toMatch(redraws);
    expect(out).toMatch(started(s));
    expect(out.split('\r\n').filter((l) => l.includes(`${s.project}-app-1`)).length).toBeGreaterThanOrEqual(2);
  });

  it('--progress json on a terminal: one JSON object per line, no escape codes', async () => {
    const { out } = await upWith('--progress json');
    const lines = out.split('\r\n').filter((l) => l !== '');
    expect(out).not.toMatch(escapes);
    const objects = lines.map((l) => JSON.parse(l) as { type: string });
    expect(objects[0]?.type).toBe('pass.started');
    expect(objects.at(-1)?.type).toBe('pass.finished');
  });

  it('--progress quiet on a terminal: nothing at all', async () => {
    const { out } = await upWith('--progress quiet');
    expect(out).toBe('');
  });

  it('--ansi never on a terminal: plain lines without one escape code', async () => {
    const { out, s } = await upWith('--ansi never');
    expect(out).not.toMatch(escapes);
    expect(out).toMatch(started(s));
  });

  it('--ansi always into a pipe: plain lines in colour', async () => {
    const { out, s } = await upWith('--ansi always', { piped: true });
    expect(out).toMatch(colours);
    expect(out).not.toMatch(redraws);
    expect(out).toMatch(started(s));
  });

  it('NO_COLOR on a terminal: the live tree without a colour', async () => {
    const { out } = await upWith('', { env: 'NO_COLOR=1' });
    expect(out).toMatch(redraws);
    expect(out).not.toMatch(colours);
    expect(out).toMatch(/\[\+\] Done 2\/2/);
  });
});
