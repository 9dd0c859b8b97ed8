/** The Ink side of src/ui, as its door exports it. */
export type InkModule = typeof import('./ink/index.ts');

/** Variables Ink reads, when imported, to decide it runs in CI. */
const ciVariables = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/**
 * Imports the Ink views, set up for a CLI:
 * - React's development build checks every element and is several times
 *   slower; a CLI is never React's development, so unless the environment
 *   says otherwise React loads its production build (it reads NODE_ENV once,
 *   when first imported).
 * - Ink decides once, when imported, whether it runs in CI, and then stops
 *   redrawing (it prints only the last frame). The caller already chose a
 *   live view knowing about CI (selectRenderer picks plain lines there unless
 *   asked for the tree; the dashboard is asked for), so Ink must not decide
 *   again: the CI variables are hidden while it loads.
 */
export async function loadInk(options: { readonly color?: boolean } = {}): Promise<InkModule> {
  process.env.NODE_ENV ??= 'production';
  const saved = [...ciVariables, 'FORCE_COLOR'].map((name) => [name, process.env[name]] as const);
  for (const name of ciVariables) delete process.env[name];
  // Ink colours through chalk, which decides once, when imported, from stdout alone: progress drawn on a
  // terminal's stderr while stdout is piped would lose its colours. The caller decided (selectRenderer,
  // --ansi, NO_COLOR); chalk is told so (256 colours, as the log prefixes use). With colour off the views
  // set no colour at all, so nothing needs telling.
  if (options.color === true && process.env.FORCE_COLOR === undefined && process.stdout.isTTY !== true) process.env.FORCE_COLOR = '2';
  try {
    return await import('./ink/index.ts');
  } finally {
    for (const [name, value] of saved) {
      if (value !== undefined) process.env[name] = value;
      else delete process.env[name];
    }
  }
}
