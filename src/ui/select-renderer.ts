import { shouldColor } from '../base/style.ts';

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';
export type AnsiMode = 'auto' | 'always' | 'never';

/** Which renderer a run uses, and whether it colours. */
export interface RendererChoice {
  readonly kind: 'tty' | 'plain' | 'json' | 'quiet';
  readonly color: boolean;
}

export interface RendererInputs {
  readonly progress: ProgressMode;
  readonly ansi: AnsiMode;
  /** Whether the stream progress goes to is a terminal. */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Picks the renderer as `docker compose` does, with CI handled: `auto` is the
 * live tree only on a terminal that can redraw (not in CI, not TERM=dumb, not
 * with `--ansi never`), plain lines otherwise. An explicit mode is obeyed.
 * Colour follows --ansi, then NO_COLOR/FORCE_COLOR, then the terminal.
 */
export function selectRenderer(inputs: RendererInputs): RendererChoice {
  const { progress, ansi, isTTY, env } = inputs;
  if (progress === 'json' || progress === 'quiet') return { kind: progress, color: false };
  const color = shouldColor(ansi, isTTY, env as NodeJS.ProcessEnv);
  if (progress === 'plain' || progress === 'tty') return { kind: progress, color };
  const canRedraw = isTTY && !isCI(env) && env.TERM !== 'dumb' && ansi !== 'never';
  return { kind: canRedraw ? 'tty' : 'plain', color };
}

const ciVariables = ['GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI', 'TRAVIS', 'JENKINS_URL', 'TEAMCITY_VERSION', 'TF_BUILD', 'DRONE', 'WOODPECKER_CI'];

/** Whether the process runs in a CI job, where redrawn output turns into noise (compose#3770). */
export function isCI(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return true;
  return ciVariables.some((name) => env[name] !== undefined && env[name] !== '');
}
