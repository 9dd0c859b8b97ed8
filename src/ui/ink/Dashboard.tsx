import { Box, Text } from 'ink';
import { dashboardGeometry, tableColumns } from '../dashboard-layout.ts';
import type { DashboardState } from '../dashboard-state.ts';
import { visibleServices } from '../dashboard-store.ts';
import { truncate } from '../text-width.ts';
import { DashboardHeader } from './DashboardHeader.tsx';
import { DetailsPane } from './DetailsPane.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { KeyBar } from './KeyBar.tsx';
import { LogPane } from './LogPane.tsx';
import { NoticeLine } from './NoticeLine.tsx';
import { ServiceTable } from './ServiceTable.tsx';

type Props = {
  readonly state: DashboardState;
  /** The clock for uptimes. */
  readonly now: number;
  readonly columns: number;
  readonly rows: number;
  readonly color: boolean;
};

/** Smallest terminal the layout is made for; smaller ones get a note instead of a broken frame. */
export const minColumns = 80;
export const minRows = 24;

/**
 * `stack dashboard`: header, service table, a pane (the log, the details, or
 * help), a notice line and the key bar, filling the terminal less one line.
 * A pure function of the state: keys and data reach it through the store.
 */
export function Dashboard({ state, now, columns, rows, color }: Props) {
  if (columns < minColumns - 20 || rows < 12) {
    return <Text wrap="truncate-end">{truncate(`stack dashboard needs at least ${minColumns}x${minRows} (this terminal is ${columns}x${rows})`, columns)}</Text>;
  }
  const services = visibleServices(state);
  const geometry = dashboardGeometry(rows, services.length);
  const table = tableColumns(columns);
  const pane = state.ui.helpOpen ? 'help' : state.ui.detailsOpen ? 'details' : 'logs';
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <DashboardHeader state={state} columns={columns} color={color} />
      <ServiceTable state={state} services={services} columns={table} height={geometry.tableRows} now={now} color={color} focused={state.ui.focus === 'services'} />
      <PaneTitle state={state} pane={pane} columns={columns} color={color} />
      {pane === 'help' && <HelpOverlay height={geometry.paneRows} columns={columns} color={color} />}
      {pane === 'details' && <DetailsPane state={state} height={geometry.paneRows} columns={columns} color={color} />}
      {pane === 'logs' && <LogPane state={state} height={geometry.paneRows} columns={columns} color={color} />}
      <NoticeLine state={state} columns={columns} color={color} />
      <KeyBar state={state} columns={columns} color={color} />
    </Box>
  );
}

type TitleProps = {
  readonly state: DashboardState;
  readonly pane: 'help' | 'details' | 'logs';
  readonly columns: number;
  readonly color: boolean;
};

/** `── logs: web · following ─────`: which pane, whose, and whether it follows. */
function PaneTitle({ state, pane, columns, color }: TitleProps) {
  const who = state.ui.selected ?? 'none';
  const title =
    pane === 'help'
      ? 'help: keys'
      : pane === 'details'
        ? `details: ${who}`
        : `logs: ${state.ui.logScope === 'all' ? 'all services' : who} · ${state.ui.follow ? 'following' : 'paused (f follows)'}`;
  const focused = state.ui.focus !== 'services' && pane !== 'help';
  const head = `── ${title}${state.ui.filter && !state.ui.filtering ? ` · filter: ${state.ui.filter}` : ''} `;
  const text = truncate(head, columns);
  return (
    <Text wrap="truncate-end" bold={color && focused} dimColor={color && !focused}>
      {text}
      {'─'.repeat(Math.max(0, columns - text.length))}
    </Text>
  );
}
