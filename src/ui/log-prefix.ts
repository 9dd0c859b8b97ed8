import { compareStrings } from '../base/sort.ts';
import type { Styler } from '../base/style.ts';
import { displayWidth } from './text-width.ts';

/**
 * How attached `up` and `logs` print container output: `web-1  | line`, a
 * colour per service, names aligned to the longest. Pure formatting: the
 * engine's log multiplexer decides what to print and when, and calls this.
 */

/** 256-colour codes that read on dark and light backgrounds, far apart in hue. */
export const prefixPalette: readonly number[] = [36, 178, 70, 170, 33, 166, 43, 134, 142, 203, 75, 214];

export interface LogPrefixOptions {
  /** Colour the prefixes (off with --no-color, NO_COLOR, or no terminal). */
  readonly styler: Styler;
  /** `--no-log-prefix`: lines as the container wrote them. */
  readonly prefix: boolean;
  /** `--timestamps`: the line's time (RFC 3339, UTC, milliseconds) after the prefix. */
  readonly timestamps: boolean;
}

/** One line of container output as the multiplexer hands it over. */
export interface PrefixedLine {
  /** The service, which picks the colour. */
  readonly service: string;
  /** What the prefix says: `web-1`, as Compose shows replicas. */
  readonly name: string;
  readonly text: string;
  readonly time?: number;
}

/**
 * A service's colour: its place among the project's services in name order
 * (so a project's services never share one until the palette runs out, and
 * keep theirs from run to run), or a hash of its name for services not known
 * up front.
 */
export function serviceColor(service: string, services: readonly string[]): number {
  const sorted = [...new Set(services)].sort(compareStrings);
  const index = sorted.indexOf(service);
  if (index >= 0) return prefixPalette[index % prefixPalette.length] as number;
  let hash = 2166136261;
  for (let i = 0; i < service.length; i++) hash = Math.imul(hash ^ service.charCodeAt(i), 16777619) >>> 0;
  return prefixPalette[hash % prefixPalette.length] as number;
}

export interface LogFormatter {
  /** The line ready to print, without a trailing newline. */
  format(line: PrefixedLine): string;
  /** A note from stack itself about a container: `web-1 exited with code 1`. */
  note(service: string, name: string, text: string): string;
  /** A name that appears later (a scaled replica): widens the alignment from now on. */
  add(name: string): void;
}

/**
 * A formatter for a set of names known up front (the containers being
 * followed); names seen later widen the column for the lines after them.
 */
export function createLogFormatter(services: readonly string[], names: readonly string[], options: LogPrefixOptions): LogFormatter {
  let width = names.reduce((w, n) => Math.max(w, displayWidth(n)), 0);
  const color = (service: string, text: string) => options.styler.color256(serviceColor(service, services), text);
  const add = (name: string) => {
    width = Math.max(width, displayWidth(name));
  };
  return {
    format(line) {
      const text = line.text.replace(/\r?\n$/, '');
      const time = options.timestamps && line.time !== undefined ? `${new Date(line.time).toISOString()} ` : '';
      if (!options.prefix) return time + text;
      add(line.name);
      const label = line.name + ' '.repeat(Math.max(0, width - displayWidth(line.name)));
      return `${color(line.service, `${label}  |`)} ${time}${text}`;
    },
    note(service, name, text) {
      return color(service, `${name} ${text}`);
    },
    add,
  };
}
