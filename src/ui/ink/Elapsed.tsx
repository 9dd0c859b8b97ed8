import { Text } from 'ink';
import { formatElapsed } from '../status-words.ts';
import { padStart } from '../text-width.ts';

type Props = {
  /** Milliseconds, or undefined for a row that has not started. */
  readonly ms: number | undefined;
  /** Cells, right-aligned. */
  readonly width: number;
  readonly color: boolean;
};

export function Elapsed({ ms, width, color }: Props) {
  return <Text dimColor={color}>{padStart(ms === undefined ? '' : formatElapsed(ms), width)}</Text>;
}
