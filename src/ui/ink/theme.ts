import type { RowState } from '../progress-state.ts';

/**
 * Colours and glyphs of the Ink views. Colour is a prop of every component
 * (decided once by selectRenderer from --ansi, NO_COLOR and the terminal);
 * when it is off no colour prop is set at all, so Ink emits no colour codes.
 */

export type Tone = 'green' | 'red' | 'yellow' | 'cyan' | 'gray' | 'magenta' | 'blue';

/** The colour prop for a tone, or nothing when colour is off. */
export function tone(color: boolean, name: Tone | undefined): Tone | undefined {
  return color ? name : undefined;
}

export const stateTone: Readonly<Record<RowState, Tone | undefined>> = {
  pending: 'gray',
  working: 'cyan',
  waiting: 'yellow',
  done: 'green',
  warning: 'yellow',
  skipped: 'gray',
  error: 'red',
};

/** Braille dots, as Compose's spinner; the frame comes from the clock, so a still clock draws a still frame. */
export const spinnerFrames: readonly string[] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
export const spinnerIntervalMs = 80;

export const stateGlyph: Readonly<Record<Exclude<RowState, 'working' | 'waiting'>, string>> = {
  pending: '·',
  done: '✔',
  warning: '!',
  skipped: '-',
  error: '✘',
};
