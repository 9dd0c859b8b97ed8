import { Box, Text } from 'ink';
import { logWindow } from '../dashboard-store.ts';
import type { DashboardState } from '../dashboard-state.ts';
import { serviceColor } from '../log-prefix.ts';
import { displayWidth, fit, sanitizeLine, truncate } from '../text-width.ts';

type Props = {
  readonly state: DashboardState;
  readonly height: number;
  readonly columns: number;
  readonly color: boolean;
};

/**
 * The newest lines of the selected service (or of all, prefixed as attached
 * `up` prints them), cut to the width: a long line never pushes the layout.
 */
export function LogPane({ state, height, columns, color }: Props) {
  const lines = logWindow(state, height);
  const all = state.ui.logScope === 'all';
  const services = Object.keys(state.services);
  const nameWidth = all ? lines.reduce((w, l) => Math.max(w, displayWidth(l.container)), 0) : 0;
  return (
    <Box flexDirection="column" height={height} flexShrink={0}>
      {lines.length === 0 && <Text dimColor={color}>{truncate(emptyText(state), columns)}</Text>}
      {lines.map((line, i) => {
        const text = sanitizeLine(line.text);
        if (!all) return <Text key={i} wrap="truncate-end" color={color && line.stream === 'stderr' ? 'yellow' : undefined}>{truncate(text, columns)}</Text>;
        const prefix = `${fit(line.container, nameWidth)}  | `;
        return (
          <Text key={i} wrap="truncate-end">
            <Text color={color ? `ansi256(${serviceColor(line.service, services)})` : undefined}>{prefix}</Text>
            {truncate(text, Math.max(0, columns - displayWidth(prefix)))}
          </Text>
        );
      })}
    </Box>
  );
}

function emptyText(state: DashboardState): string {
  if (state.ui.logScope === 'all') return 'no log lines yet';
  return state.ui.selected ? `no log lines from ${state.ui.selected} yet` : 'select a service to see its log';
}
