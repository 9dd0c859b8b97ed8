import { describe, expect, it } from 'vitest';
import { isCI, selectRenderer } from './select-renderer.ts';

const tty = { progress: 'auto', ansi: 'auto', isTTY: true, env: { TERM: 'xterm-256color' } } as const;

describe('selectRenderer', () => {
  it('draws the live tree on a terminal and plain lines elsewhere', () => {
    expect(selectRenderer(tty)).toEqual({ kind: 'tty', color: true });
    expect(selectRenderer({ ...tty, isTTY: false })).toEqual({ kind: 'plain', color: false });
  });

  it('prints plain lines in CI even on a terminal, and with TERM=dumb or --ansi never', () => {
    expect(selectRenderer({ ...tty, env: { ...tty.env, CI: 'true' } }).kind).toBe('plain');
    expect(selectRenderer({ ...tty, env: { GITHUB_ACTIONS: 'true' } }).kind).toBe('plain');
    expect(selectRenderer({ ...tty, env: { TERM: 'dumb' } }).kind).toBe('plain');
    expect(selectRenderer({ ...tty, ansi: 'never' })).toEqual({ kind: 'plain', color: false });
  });

  it('obeys an explicit mode', () => {
    expect(selectRenderer({ ...tty, progress: 'plain' }).kind).toBe('plain');
    expect(selectRenderer({ ...tty, isTTY: false, progress: 'tty' }).kind).toBe('tty');
    expect(selectRenderer({ ...tty, progress: 'json' })).toEqual({ kind: 'json', color: false });
    expect(selectRenderer({ ...tty, progress: 'quiet' })).toEqual({ kind: 'quiet', color: false });
  });

  it('lets NO_COLOR, FORCE_COLOR and --ansi decide colour', () => {
    expect(selectRenderer({ ...tty, env: { NO_COLOR: '1' } })).toEqual({ kind: 'tty', color: false });
    expect(selectRenderer({ ...tty, isTTY: false, env: { FORCE_COLOR: '1' } })).toEqual({ kind: 'plain', color: true });
    expect(selectRenderer({ ...tty, isTTY: false, ansi: 'always' })).toEqual({ kind: 'plain', color: true });
    expect(selectRenderer({ ...tty, ansi: 'always', env: { NO_COLOR: '1' } }).color).toBe(true);
  });

  it('knows CI from CI=1/true but not from CI=false or CI=0', () => {
    expect(isCI({ CI: '1' })).toBe(true);
    expect(isCI({ CI: 'false' })).toBe(false);
    expect(isCI({ CI: '0' })).toBe(false);
    expect(isCI({})).toBe(false);
    expect(isCI({ BUILDKITE: 'true' })).toBe(true);
  });
});
