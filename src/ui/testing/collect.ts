import type { EngineEvent } from '../../engine/events.ts';
import type { ProgressRenderer, TextSink } from '../progress-renderer.ts';

/** A sink that keeps what was written. */
export function collector(): TextSink & { readonly text: () => string } {
  let out = '';
  return { write: (chunk: string) => (out += chunk), text: () => out };
}

/** Feeds a recording to a renderer and closes it. */
export async function feed(renderer: ProgressRenderer, events: readonly EngineEvent[]): Promise<void> {
  for (const event of events) renderer.handle(event);
  await renderer.close();
}
