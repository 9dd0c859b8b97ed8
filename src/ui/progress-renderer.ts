import type { EngineEvent } from '../engine/events.ts';

/**
 * What the CLI hands engine events to. Every implementation (Ink tree, plain
 * lines, JSON lines, nothing) runs the same reducer over the same events, so
 * they agree on the facts; they differ only in how they print them.
 */
export interface ProgressRenderer {
  handle(event: EngineEvent): void;
  /** Settles what is left, prints the last of it and gives the terminal back; resolves when written. */
  close(): Promise<void>;
}

/** Where line renderers write: a stream, or a test's collector. */
export interface TextSink {
  write(chunk: string): unknown;
}

/** `--progress quiet`: nothing at all. */
export function createQuietRenderer(): ProgressRenderer {
  return { handle: () => {}, close: async () => {} };
}
