/**
 * src/engine/dashboard: `stack dashboard`'s source and actions over a
 * RuntimeClient (Docker or stackd), implementing the contract in
 * src/ui/dashboard-source.ts. See README.md.
 */
export { RuntimeDashboardSource, type RuntimeDashboardOptions, type ReloadResult } from './runtime-dashboard-source.ts';
export { dashboardActions, type DashboardActionsOptions } from './dashboard-actions.ts';
export { previewPlan, describeDiagnostic, type PlanPreview } from './plan-preview.ts';
