import { Text } from 'ink';
import { spinnerFrames, spinnerIntervalMs, tone, type Tone } from './theme.ts';

type Props = {
  /** The clock: the frame is a function of it, so tests with a fixed clock get fixed frames. */
  readonly now: number;
  readonly color: boolean;
  /** @default 'cyan' */
  readonly tint?: Tone;
};

export function Spinner({ now, color, tint = 'cyan' }: Props) {
  const frame = spinnerFrames[Math.floor(now / spinnerIntervalMs) % spinnerFrames.length];
  return <Text color={tone(color, tint)}>{frame}</Text>;
}
