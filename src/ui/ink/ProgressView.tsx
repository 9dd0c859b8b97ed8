import { Box, Static } from 'ink';
import { progressRowLayout } from '../progress-layout.ts';
import type { ProgressState, SettledItem } from '../progress-state.ts';
import { labelWidth, liveRows, statusWidth } from '../progress-tree.ts';
import { ProgressHeader } from './ProgressHeader.tsx';
import { ResourceRow } from './ResourceRow.tsx';
import { SettledLine } from './SettledLine.tsx';

type Props = {
  readonly state: ProgressState;
  /** The clock for spinners and elapsed times of running rows. */
  readonly now: number;
  /** Terminal width: every line fits in it. */
  readonly columns: number;
  readonly color: boolean;
};

/**
 * The live tree of `up`, `down`, `build`...: finished rows go to <Static>
 * (printed once, so the scrollback reads like a log), the header and the rows
 * still in progress stay in the live region below and are redrawn.
 */
export function ProgressView({ state, now, columns, color }: Props) {
  const layout = progressRowLayout(columns, labelWidth(state), statusWidth(state));
  return (
    <>
      <Static items={state.settled as SettledItem[]}>
        {(item) => <SettledLine key={item.key} item={item} layout={layout} columns={columns} color={color} />}
      </Static>
      {state.phase !== 'idle' && (
        <Box flexDirection="column">
          <ProgressHeader state={state} now={now} columns={columns} color={color} />
          {liveRows(state).map(({ row, children }) => (
            <ResourceRow key={row.id} row={row} layers={children} layout={layout} columns={columns} now={now} color={color} />
          ))}
        </Box>
      )}
    </>
  );
}
