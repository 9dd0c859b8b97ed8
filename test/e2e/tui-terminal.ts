import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../helpers/eventually.ts';
import { missingRequirements } from '../helpers/requirements.ts';
import { uniqueId } from '../helpers/temp.ts';
import { scenariosOn, stackBinary, type Scenario } from './harness.ts';
import { stackdFactory } from './stackd-factory.ts';

/**
 * A real terminal for the UI's end-to-end tests: a tmux server of its own
 * (`tmux -L <unique socket>`, no user config), one window of a fixed size
 * running a plain bash, and everything the pane receives recorded raw
 * (`pipe-pane`), so a test can read both what the screen shows
 * (`capture-pane`) and the escape codes that were written. `dispose()`
 * kills the server, whatever state the test left it in.
 */
export function missingTmux(): string | undefined {
  return missingRequirements({ commands: ['tmux', 'bash', 'stty'] });
}

export interface TerminalOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly columns?: number;
  readonly rows?: number;
}

export interface CommandRun {
  /** The command's exit status, as the shell saw it. */
  readonly status: number;
  /** Everything the terminal received while it ran (its output, escape codes included). */
  readonly raw: string;
}

export class Terminal implements AsyncDisposable {
  readonly socket = `stk-tui-${uniqueId(10)}`;
  readonly columns: number;
  readonly rows: number;
  readonly #dir = mkdtempSync(join(tmpdir(), 'stk-tui-'));
  readonly #log = join(this.#dir, 'pane.raw');
  #markers = 0;
  #socketPath: string | undefined;

  private constructor(options: TerminalOptions) {
    this.columns = options.columns ?? 120;
    this.rows = options.rows ?? 40;
  }

  static async open(options: TerminalOptions): Promise<Terminal> {
    const t = new Terminal(options);
    try {
      // The server inherits this environment, and the shell the server's: the scenario's runtime, project and ports.
      const env = { ...options.env, HISTFILE: '/dev/null', TERM: 'xterm-256color' };
      t.#tmux(['-f', '/dev/null', 'new-session', '-d', '-s', 'ui', '-x', String(t.columns), '-y', String(t.rows), '-c', options.cwd, 'bash --norc --noprofile'], env);
      t.#socketPath = t.#tmux(['display-message', '-p', '-t', 'ui', '#{socket_path}']).trim();
      t.#tmux(['set-option', '-t', 'ui', 'status', 'off']);
      t.#tmux(['pipe-pane', '-t', 'ui', '-o', `cat >> ${t.#log}`]);
      // A prompt the tests can tell from output (bash picks its own for root, whatever the environment says).
      t.type("PS1='$ '; clear");
      t.press('Enter');
      await t.waitFor((screen) => screen[0] === '$', 'the shell prompt');
      return t;
    } catch (error) {
      t.dispose();
      throw error;
    }
  }

  /** The text as typed (no key names). */
  type(text: string): void {
    this.#tmux(['send-keys', '-t', 'ui', '-l', text]);
  }

  /** Keys by tmux's names: `Enter`, `C-c`, `Escape`, or single characters. */
  press(...keys: string[]): void {
    this.#tmux(['send-keys', '-t', 'ui', ...keys]);
  }

  /** The visible screen, line by line (trailing spaces trimmed). */
  screen(): string[] {
    return this.#tmux(['capture-pane', '-p', '-t', 'ui'])
      .split('\n')
      .map((l) => l.trimEnd());
  }

  /** Everything the pane received so far. */
  raw(): string {
    try {
      return readFileSync(this.#log, 'utf8');
    } catch {
      return '';
    }
  }

  async waitFor(check: (screen: string[]) => boolean, what: string, timeoutMs = 30_000): Promise<string[]> {
    return eventually(
      () => {
        const screen = this.screen();
        if (!check(screen)) throw new Error(`not on screen yet:\n${screen.join('\n')}`);
        return screen;
      },
      { timeoutMs, intervalMs: 100, what },
    );
  }

  /**
   * Starts `stack <args>` (the built CLI) at the prompt, followed by a line
   * with its exit status; returns a handle to wait for it.
   */
  start(args: string, options: { readonly prefix?: string; readonly suffix?: string } = {}): { readonly done: (timeoutMs?: number) => Promise<CommandRun> } {
    const id = `${++this.#markers}${uniqueId(4)}`;
    // Typed with the markers split in two, so the echo of the command line never matches them.
    const begin = `__begin_${id}__`;
    const end = `__end_${id}__`;
    this.type(`echo "${begin.slice(0, 4)}""${begin.slice(4)}"; ${options.prefix ?? ''}${process.execPath} ${stackBinary()} ${args}${options.suffix ?? ''}; echo "${end.slice(0, 4)}""${end.slice(4)} $?"`);
    this.press('Enter');
    return {
      done: async (timeoutMs = 60_000) => {
        const screen = await this.waitFor((s) => s.some((l) => l.startsWith(`${end} `)), `the end of \`stack ${args}\``, timeoutMs);
        const status = Number((screen.find((l) => l.startsWith(`${end} `)) ?? '').split(' ')[1]);
        const raw = this.raw();
        const from = raw.indexOf(`${begin}\r\n`);
        const to = raw.indexOf(`${end} `, from);
        return { status, raw: from >= 0 && to >= 0 ? raw.slice(from + begin.length + 2, to) : '' };
      },
    };
  }

  /** Runs `stack <args>` to its end. */
  run(args: string, options: { readonly prefix?: string; readonly suffix?: string; readonly timeoutMs?: number } = {}): Promise<CommandRun> {
    return this.start(args, options).done(options.timeoutMs);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.dispose();
  }

  dispose(): void {
    try {
      this.#tmux(['kill-server']);
    } catch {
      // Already gone.
    }
    rmSync(this.#dir, { recursive: true, force: true });
    // tmux leaves its socket file behind when the server is killed.
    if (this.#socketPath) rmSync(this.#socketPath, { force: true });
  }

  #tmux(args: readonly string[], env?: Readonly<Record<string, string>>): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', ...(env ? { env: { ...env } } : {}) });
  }
}

/** CSI sequences that move the cursor or erase: what a live view redraws with. */
// eslint-disable-next-line no-control-regex
export const redraws = /\x1b\[\d*[ABEFGHJK]|\x1b\[\d+;\d+H/;
/** SGR sequences that set a colour (not bold or dim). */
// eslint-disable-next-line no-control-regex
export const colours = /\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+|38;2;[\d;]+)(?:;[0-9;]*)?m/;
/** Any escape code at all. */
// eslint-disable-next-line no-control-regex
export const escapes = /\x1b/;

/**
 * For a describe of terminal tests on stackd: a private stackd for its tests,
 * and `open(fixture)`, a fresh project of that fixture with a terminal in its
 * folder (`vars` set first); after the tests the terminals go, then the
 * projects, then stackd, even when a test failed.
 */
export function terminalScenarios(): { open: (fixture: string, vars?: Readonly<Record<string, string>>) => Promise<{ s: Scenario; term: Terminal }> } {
  const { scenario, defer } = scenariosOn(stackdFactory);
  return {
    async open(fixture, vars = {}) {
      const s = scenario(fixture);
      for (const [name, value] of Object.entries(vars)) s.setVar(name, value);
      const term = await Terminal.open({ cwd: s.dir, env: s.env() });
      defer(() => term.dispose());
      return { s, term };
    },
  };
}
