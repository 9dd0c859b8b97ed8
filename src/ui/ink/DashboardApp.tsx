import { useApp, useInput } from 'ink';
import { useEffect, useSyncExternalStore } from 'react';
import type { DashboardController } from '../dashboard-controller.ts';
import { dashboardGeometry } from '../dashboard-layout.ts';
import type { DashboardState } from '../dashboard-state.ts';
import { visibleServices, type DashboardInput } from '../dashboard-store.ts';
import type { Store } from '../store.ts';
import { Dashboard } from './Dashboard.tsx';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.ts';

type Props = {
  readonly store: Store<DashboardState, DashboardInput>;
  readonly controller: DashboardController;
  readonly color: boolean;
  /** Overrides the terminal's size (tests). */
  readonly size?: TerminalSize;
};

/**
 * The dashboard bound to its store and controller: keys go to the
 * controller, state comes from the store (its clock too: the controller
 * ticks it when an uptime would change), and `quitting` ends the app.
 */
export function DashboardApp({ store, controller, color, size }: Props) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { columns, rows } = useTerminalSize(size);
  const { exit } = useApp();
  const pageSize = dashboardGeometry(rows, visibleServices(state).length).paneRows;
  useInput((input, key) => controller.key(input, key, pageSize));
  useEffect(() => controller.dispatch({ type: 'ui.size', columns, rows }), [controller, columns, rows]);
  useEffect(() => {
    if (state.ui.quitting) exit();
  }, [state.ui.quitting, exit]);
  return <Dashboard state={state} now={state.lastAt} columns={columns} rows={rows} color={color} />;
}
