import { Box, Text } from 'ink';
import { dashboardKeys } from '../dashboard-keys.ts';
import { fit, truncate } from '../text-width.ts';

type Props = {
  readonly height: number;
  readonly columns: number;
  readonly color: boolean;
};

/** Every key and what it does, in the pane's place (`?` or esc closes it). */
export function HelpOverlay({ height, columns, color }: Props) {
  const keyWidth = 11;
  const lines = dashboardKeys.slice(0, height);
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      {lines.map((k) => (
        <Text key={k.keys} wrap="truncate-end">
          <Text bold={color}>{fit(k.keys, keyWidth)}</Text> {truncate(k.does, Math.max(0, columns - keyWidth - 1))}
        </Text>
      ))}
    </Box>
  );
}
