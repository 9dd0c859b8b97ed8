/**
 * The Ink side of src/ui: imported lazily (a dynamic import from
 * open-renderer.ts or the dashboard command), so commands that print plain
 * text never load React.
 */
export { createInkProgressRenderer, type InkRendererOptions } from './render-ink.tsx';
export { runDashboard, type RunDashboardOptions } from './run-dashboard.tsx';
export { ProgressView } from './ProgressView.tsx';
export { ProgressApp } from './ProgressApp.tsx';
export { Dashboard, minColumns, minRows } from './Dashboard.tsx';
export { DashboardApp } from './DashboardApp.tsx';
