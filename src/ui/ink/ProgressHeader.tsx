import { Text } from 'ink';
import type { ProgressState } from '../progress-state.ts';
import { headerCounts } from '../progress-tree.ts';
import { formatElapsed } from '../status-words.ts';
import { truncate } from '../text-width.ts';
import { tone } from './theme.ts';

type Props = {
  readonly state: ProgressState;
  readonly now: number;
  readonly columns: number;
  readonly color: boolean;
};

/** `[+] Running 3/5  1.2s` while the pass runs; how it ended once it has. */
export function ProgressHeader({ state, now, columns, color }: Props) {
  const { done, total } = headerCounts(state);
  const outcome = state.outcome;
  const end = state.finishedAt ?? now;
  const elapsed = state.startedAt !== undefined ? formatElapsed(end - state.startedAt) : '';
  let word = 'Running';
  let tint: 'green' | 'red' | 'yellow' | undefined;
  if (state.phase === 'finished') {
    // No outcome: the renderer was closed before the pass said how it ended.
    word = outcome === undefined ? 'Interrupted' : outcome.canceled ? 'Canceled' : !outcome.ok ? 'Failed' : 'Done';
    tint = outcome === undefined || outcome.canceled ? 'yellow' : !outcome.ok ? 'red' : 'green';
  }
  const extra = [
    state.dryRun ? 'dry run: nothing is changed' : '',
    outcome && outcome.failed > 0 ? `${outcome.failed} failed` : '',
    outcome && outcome.skipped > 0 ? `${outcome.skipped} skipped` : '',
  ].filter(Boolean);
  const tail = extra.length > 0 ? ` · ${extra.join(', ')}` : '';
  return (
    <Text wrap="truncate-end">
      <Text color={tone(color, tint)} bold={color}>
        [+] {word} {done}/{total}
      </Text>
      <Text dimColor={color}>{truncate(`${tail}  ${elapsed}`, Math.max(0, columns - 20))}</Text>
    </Text>
  );
}
