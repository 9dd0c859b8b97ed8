import type { StdioSession } from '../../runtime/client/index.ts';
import type { CommandContext } from '../context.ts';

/**
 * Connects a container's (or an exec's) stdio to ours: its output to our
 * stdout and stderr, our stdin to its stdin when it has one (our EOF
 * becomes its EOF; the output keeps flowing, the connection is half-open),
 * and with a TTY our terminal in raw mode, resized as the window changes.
 * Returns a function that undoes all of it.
 */
export function bridgeStdio(ctx: CommandContext, session: StdioSession): () => void {
  const stdin = ctx.io.stdin as NodeJS.ReadStream;
  const stdout = ctx.io.stdout as NodeJS.WriteStream;
  session.stdout.pipe(stdout, { end: false });
  session.stderr.pipe(ctx.io.stderr as NodeJS.WritableStream, { end: false });
  const raw = session.tty && stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  if (raw) stdin.setRawMode(true);
  const input = session.stdin;
  if (input) {
    stdin.pipe(input);
    stdin.resume();
  }
  const resize = () => {
    if (stdout.columns && stdout.rows) void session.resize({ rows: stdout.rows, columns: stdout.columns }).catch(() => {});
  };
  if (session.tty && stdout.isTTY === true) {
    resize();
    stdout.on('resize', resize);
  }
  return () => {
    stdout.off('resize', resize);
    if (input) stdin.unpipe(input);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
    session.stdout.unpipe(stdout);
    session.stderr.unpipe(ctx.io.stderr as NodeJS.WritableStream);
  };
}

/** Whether to give the process a TTY: ours is one (stdin and stdout), and -T was not given. */
export function wantsTty(ctx: CommandContext, noTty: boolean): boolean {
  return !noTty && (ctx.io.stdin as NodeJS.ReadStream).isTTY === true && (ctx.io.stdout as NodeJS.WriteStream).isTTY === true;
}

/** `-e KEY=value` (or `-e KEY`: the value from our environment, left out when unset), as Docker reads it. */
export function environmentFlags(entries: readonly string[] | undefined, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const eq = entry.indexOf('=');
    if (eq >= 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
    else if (env[entry] !== undefined) out[entry] = env[entry] as string;
  }
  return out;
}
