import type { EngineEvent } from '../../engine/events.ts';
import { initialProgressState, type ProgressState } from '../progress-state.ts';
import { reduceProgress } from '../progress-store.ts';

/** The state after the first `count` events (all by default). */
export function replay(events: readonly EngineEvent[], count = events.length): ProgressState {
  let state = initialProgressState();
  for (const event of events.slice(0, count)) state = reduceProgress(state, event);
  return state;
}

/** The index just after the first event matching `match`: replay up to and including it. */
export function after(events: readonly EngineEvent[], match: (event: EngineEvent) => boolean): number {
  const index = events.findIndex(match);
  if (index < 0) throw new Error('no event matches');
  return index + 1;
}
