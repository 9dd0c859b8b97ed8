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
  /**
   * Prints text (container output, a note) to the log stream while the pass
   * is drawn: a live view moves out of the way and draws itself again below,
   * so the two never overwrite each other. Renderers that only append lines
   * have none; write to the log stream directly then.
   */
  print?(text: string): void;
}

/** Where line renderers write: a stream, or a test's collector. */
export interface TextSink {
  write(chunk: string): unknown;
}

/** `--progress quiet`: nothing at all. */
export function createQuietRenderer(): ProgressRenderer {
  return { handle: () => {}, close: async () => {} };
}
