import { Box, Text } from 'ink';
import { detailsLines } from '../details-lines.ts';
import type { DashboardState } from '../dashboard-state.ts';
import { selectedService } from '../dashboard-store.ts';
import { truncate } from '../text-width.ts';
import { tone } from './theme.ts';

type Props = {
  readonly state: DashboardState;
  readonly height: number;
  readonly columns: number;
  readonly color: boolean;
};

/** The selected service's plan, health checks, config, environment, mounts and networks; scrolls with ↑↓ when focused. */
export function DetailsPane({ state, height, columns, color }: Props) {
  const row = selectedService(state);
  const view = state.details?.service === row?.name ? state.details : undefined;
  const all = detailsLines(state, row, view);
  const first = Math.min(state.ui.detailsScroll, Math.max(0, all.length - height));
  const lines = all.slice(first, first + height);
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      {lines.map((line, i) => (
        <Text
          key={i}
          wrap="truncate-end"
          bold={color && line.kind === 'heading'}
          dimColor={color && line.kind === 'muted'}
          color={tone(color, line.kind === 'good' ? 'green' : line.kind === 'bad' ? 'red' : undefined)}
        >
          {truncate(line.text, columns)}
        </Text>
      ))}
    </Box>
  );
}
