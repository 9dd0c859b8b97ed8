import { useStderr } from 'ink';
import { useSyncExternalStore } from 'react';
import type { ProgressState } from '../progress-state.ts';
import type { ProgressInput } from '../progress-store.ts';
import { liveRows } from '../progress-tree.ts';
import type { Store } from '../store.ts';
import { ProgressView } from './ProgressView.tsx';
import { spinnerIntervalMs } from './theme.ts';
import { useClock } from './use-clock.ts';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.ts';

type Props = {
  readonly store: Store<ProgressState, ProgressInput>;
  readonly color: boolean;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Overrides the terminal's size (tests). */
  readonly size?: TerminalSize;
  /** Receives the function that prints above the live region (Ink's `stderr` writer, which the renderer points at the log stream). */
  readonly printer?: { current?: (text: string) => void };
};

/** The progress view bound to its store: redraws on events, and on the spinner's clock while something runs. */
export function ProgressApp({ store, color, clock, size, printer }: Props) {
  const { write } = useStderr();
  if (printer) printer.current = write;
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { columns } = useTerminalSize(size);
  const active = state.phase === 'running' && liveRows(state).some(({ row }) => row.state === 'working' || row.state === 'waiting');
  const now = useClock(active, spinnerIntervalMs, clock);
  return <ProgressView state={state} now={Math.max(now, state.lastAt)} columns={columns} color={color} />;
}
