import { Box, Text } from 'ink';
import { markerWidth, serviceCells, tableScroll, type TableColumn } from '../dashboard-layout.ts';
import type { DashboardState, ServiceRow } from '../dashboard-state.ts';
import { fit, padStart, truncate } from '../text-width.ts';
import { tone, type Tone } from './theme.ts';

type Props = {
  readonly state: DashboardState;
  readonly services: readonly ServiceRow[];
  readonly columns: readonly TableColumn[];
  /** Service lines to draw (the table scrolls to keep the selection in view). */
  readonly height: number;
  readonly now: number;
  readonly color: boolean;
  readonly focused: boolean;
};

const stateTint: Readonly<Record<string, Tone>> = {
  running: 'green',
  restarting: 'yellow',
  paused: 'yellow',
  created: 'gray',
  exited: 'red',
  dead: 'red',
  removing: 'yellow',
  missing: 'red',
};

const healthTint: Readonly<Record<string, Tone>> = { healthy: 'green', unhealthy: 'red', starting: 'yellow' };

/** One row per service: replicas, state, health, ports, restarts, uptime, CPU, memory, image. */
export function ServiceTable({ state, services, columns, height, now, color, focused }: Props) {
  const selectedIndex = Math.max(0, services.findIndex((s) => s.name === state.ui.selected));
  const first = tableScroll(services.length, selectedIndex, height);
  const shown = services.slice(first, first + height);
  const portsWidth = columns.find((c) => c.key === 'ports')?.width ?? 20;
  return (
    <Box flexDirection="column" height={height + 1} flexShrink={0}>
      <Text wrap="truncate-end" dimColor={color} bold={color}>
        {' '.repeat(markerWidth)}
        {columns.map((c) => cell(c.title, c)).join(' ')}
      </Text>
      {shown.map((row) => {
        const selected = row.name === state.ui.selected;
        const cells = serviceCells(row, state, now, portsWidth);
        return (
          <Text key={row.name} wrap="truncate-end" inverse={color && selected && focused}>
            <Text color={tone(color, selected ? 'cyan' : undefined)}>{selected ? '▸ ' : '  '}</Text>
            {columns.map((c, i) => (
              <Text key={c.key} color={tone(color, tintFor(c.key, row))} bold={color && c.key === 'service' && selected}>
                {i > 0 ? ' ' : ''}
                {cell(cells[c.key], c)}
              </Text>
            ))}
          </Text>
        );
      })}
      {services.length === 0 && <Text dimColor={color}>{'  '}{state.ui.filter ? `no service matches "${state.ui.filter}"` : 'no services'}</Text>}
    </Box>
  );
}

function cell(text: string, column: TableColumn): string {
  return column.align === 'right' ? padStart(truncate(text, column.width), column.width) : fit(text, column.width);
}

function tintFor(key: TableColumn['key'], row: ServiceRow): Tone | undefined {
  if (key === 'state') return row.pending !== undefined ? 'yellow' : stateTint[row.state];
  if (key === 'health') return healthTint[row.health];
  if (key === 'replicas') return row.running < row.desired ? 'yellow' : undefined;
  if (key === 'restarts') return row.restarts > 0 ? 'yellow' : undefined;
  return undefined;
}
