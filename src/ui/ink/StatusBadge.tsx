import { Text } from 'ink';
import type { RowState } from '../progress-state.ts';
import { fit } from '../text-width.ts';
import { Spinner } from './Spinner.tsx';
import { stateGlyph, stateTone, tone } from './theme.ts';

type Props = {
  readonly state: RowState;
  readonly now: number;
  readonly color: boolean;
};

/** The row's icon: a spinner while it works or waits, a glyph once it has ended. */
export function StateIcon({ state, now, color }: Props) {
  if (state === 'working' || state === 'waiting') return <Spinner now={now} color={color} tint={stateTone[state]} />;
  return <Text color={tone(color, stateTone[state])}>{stateGlyph[state]}</Text>;
}

type BadgeProps = Props & {
  readonly status: string;
  /** Cells the word takes, padded or cut. */
  readonly width: number;
};

/** The status word (`Created`, `Waiting`, `Error`) in its state's colour. */
export function StatusBadge({ state, status, width, color }: BadgeProps) {
  return (
    <Text color={tone(color, stateTone[state])} bold={color && state === 'error'} dimColor={color && state === 'pending'}>
      {fit(status, width)}
    </Text>
  );
}
