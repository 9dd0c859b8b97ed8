import { Text } from 'ink';
import type { RowLayout } from '../progress-layout.ts';
import type { SettledItem } from '../progress-state.ts';
import { sanitizeLine, truncate } from '../text-width.ts';
import { ResourceRow } from './ResourceRow.tsx';
import { tone } from './theme.ts';

type Props = {
  readonly item: SettledItem;
  readonly layout: RowLayout;
  readonly columns: number;
  readonly color: boolean;
};

/** A line of the scrollback: a finished row, or a message. Drawn once by <Static>. */
export function SettledLine({ item, layout, columns, color }: Props) {
  if (item.type === 'message') {
    const tint = item.level === 'error' ? 'red' : item.level === 'warning' ? 'yellow' : 'cyan';
    const glyph = item.level === 'error' ? '✘' : item.level === 'warning' ? '!' : 'i';
    const where = item.resource ? `${item.resource}: ` : '';
    return (
      <Text wrap="truncate-end">
        {' '}
        <Text color={tone(color, tint)}>{glyph}</Text> {truncate(sanitizeLine(where + item.text), Math.max(10, columns - 3))}
      </Text>
    );
  }
  // A finished row's clock is its own end: `now` is never read.
  return <ResourceRow row={item.row} layers={item.children} layout={layout} columns={columns} now={item.row.finishedAt ?? 0} color={color} />;
}
