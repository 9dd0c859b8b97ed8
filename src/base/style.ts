/**
 * Terminal colours, on or off as a whole. Decided once per process by the CLI
 * (NO_COLOR, --ansi, whether the stream is a TTY) and passed down; nothing
 * below the CLI looks at the environment to decide.
 */
export interface Styler {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
  /** One of the 256-colour palette, for per-service log prefixes. */
  color256(code: number, text: string): string;
}

const sgr = (open: string, close: string) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

const on: Styler = {
  enabled: true,
  bold: sgr('1', '22'),
  dim: sgr('2', '22'),
  red: sgr('31', '39'),
  green: sgr('32', '39'),
  yellow: sgr('33', '39'),
  blue: sgr('34', '39'),
  magenta: sgr('35', '39'),
  cyan: sgr('36', '39'),
  color256: (code, text) => `\x1b[38;5;${code}m${text}\x1b[39m`,
};

const same = (text: string) => text;
const off: Styler = {
  enabled: false,
  bold: same,
  dim: same,
  red: same,
  green: same,
  yellow: same,
  blue: same,
  magenta: same,
  cyan: same,
  color256: (_code, text) => text,
};

export function style(enabled: boolean): Styler {
  return enabled ? on : off;
}

/** Whether to colour a stream: --ansi wins, then NO_COLOR / FORCE_COLOR, then whether it is a TTY. */
export function shouldColor(ansi: 'auto' | 'always' | 'never', isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (ansi === 'always') return true;
  if (ansi === 'never') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}
