import { Box, Text } from 'ink';
import { progressBar, rowDetail, type RowLayout } from '../progress-layout.ts';
import type { ProgressRow } from '../progress-state.ts';
import { rowElapsed, rowLabel } from '../progress-tree.ts';
import { fit, sanitizeLine } from '../text-width.ts';
import { Elapsed } from './Elapsed.tsx';
import { ErrorDetail } from './ErrorDetail.tsx';
import { StateIcon, StatusBadge } from './StatusBadge.tsx';

type Props = {
  readonly row: ProgressRow;
  /** The row's children (an image's layers), drawn under it while it works. */
  readonly layers?: readonly ProgressRow[];
  readonly layout: RowLayout;
  readonly columns: number;
  readonly now: number;
  readonly color: boolean;
};

/** One resource: icon, `Kind name`, status, what it does or why, elapsed; its layers and its error under it. */
export function ResourceRow({ row, layers = [], layout, columns, now, color }: Props) {
  const detail = sanitizeLine(rowDetail(row));
  const withBar = row.current !== undefined && row.state === 'working';
  const detailText = withBar ? fit(`${detail ? `${detail} ` : ''}${progressBar(row.current ?? 0, row.total, layout.detail - (detail ? detail.length + 1 : 0))}`, layout.detail) : fit(detail, layout.detail);
  // Layers matter while the image is pulled; once it is done they fold away, as in Compose.
  const showChildren = row.state === 'working' || row.state === 'error';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {' '}
        <StateIcon state={row.state} now={now} color={color} />
        {' '}
        <Text bold={color && row.state !== 'pending'}>{fit(rowLabel(row), layout.label)}</Text>
        {'  '}
        <StatusBadge state={row.state} status={row.status} width={layout.status} now={now} color={color} />
        {'  '}
        <Text dimColor={color && row.state === 'done'}>{detailText}</Text>
        <Elapsed ms={rowElapsed(row, now)} width={layout.elapsed} color={color} />
      </Text>
      {showChildren && layers.map((child) => <LayerRow key={child.id} row={child} columns={columns} now={now} color={color} />)}
      {(row.state === 'error' || row.state === 'warning') && <ErrorDetail row={row} columns={columns} color={color} />}
    </Box>
  );
}

type LayerProps = {
  readonly row: ProgressRow;
  readonly columns: number;
  readonly now: number;
  readonly color: boolean;
};

/** A layer under its image: digest, what it does, a bar. */
function LayerRow({ row, columns, now, color }: LayerProps) {
  const statusWidth = 18;
  const rest = Math.max(0, columns - 4 - 2 - 12 - 2 - statusWidth - 1);
  const bar = row.current !== undefined ? progressBar(row.current, row.total, rest) : '';
  return (
    <Text wrap="truncate-end">
      {'    '}
      <StateIcon state={row.state} now={now} color={color} />
      {' '}
      <Text dimColor={color}>{fit(rowLabel(row), 12)}</Text>
      {'  '}
      <StatusBadge state={row.state} status={row.status} width={statusWidth} now={now} color={color} />
      {' '}
      {fit(bar, rest)}
    </Text>
  );
}
