import type { DashboardEvent } from '../dashboard-source.ts';
import { initialDashboardState, type DashboardState } from '../dashboard-state.ts';
import { reduceDashboard, type DashboardInput } from '../dashboard-store.ts';
import { demoNow, demoServices } from './demo-world.ts';

/** The demo project's dashboard state after its first snapshot, then `inputs`. */
export function demoState(...inputs: DashboardInput[]): DashboardState {
  const snapshot: DashboardEvent = { type: 'snapshot', at: demoNow, snapshot: { project: 'demo', runtime: 'stackd', services: demoServices(), at: demoNow } };
  return [snapshot, ...inputs].reduce(reduceDashboard, initialDashboardState());
}
