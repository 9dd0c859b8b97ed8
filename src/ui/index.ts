/**
 * src/ui, the non-Ink door: the reducers and stores, the plain, JSON and
 * quiet renderers, the renderer choice, log prefixes, and the dashboard's
 * contract with the engine. Nothing here imports ink or react; the Ink views
 * are behind ./ink/index.ts, imported lazily.
 */
export { reduceProgress, createProgressStore, type ProgressInput } from './progress-store.ts';
export { initialProgressState, type ProgressState, type ProgressRow, type RowState, type SettledItem, type PassOutcome } from './progress-state.ts';
export { liveRows, headerCounts, topLevelRows, childRows, rowLabel, rowElapsed } from './progress-tree.ts';
export { createStore, type Store } from './store.ts';
export { createQuietRenderer, type ProgressRenderer, type TextSink } from './progress-renderer.ts';
export { createPlainRenderer, type PlainRendererOptions } from './render-plain.ts';
export { createJsonRenderer, jsonLine } from './render-json.ts';
export { selectRenderer, isCI, type RendererChoice, type RendererInputs, type ProgressMode, type AnsiMode } from './select-renderer.ts';
export { openRenderer } from './open-renderer.ts';
export { loadInk, type InkModule } from './load-ink.ts';
export { createLogFormatter, serviceColor, prefixPalette, type LogFormatter, type LogPrefixOptions, type PrefixedLine } from './log-prefix.ts';
export type {
  DashboardSource,
  DashboardActions,
  DashboardEvent,
  DashboardSnapshot,
  ServiceSnapshot,
  ContainerSnapshot,
  ContainerAction,
  ServiceDetails,
  ServiceVerb,
  LogLine,
  StatsSample,
  PublishedPort,
  RunState,
  Health,
  HealthCheckResult,
  MountInfo,
  NetworkAttachment,
  SourceOptions,
} from './dashboard-source.ts';
export { reduceDashboard, createDashboardStore, visibleServices, selectedService, logWindow, type DashboardInput, type DashboardIntent } from './dashboard-store.ts';
export { initialDashboardState, type DashboardState, type ServiceRow } from './dashboard-state.ts';
export { DashboardController, type DashboardControllerOptions } from './dashboard-controller.ts';
export { dashboardKey, dashboardKeys, type KeyPress, type KeyOutcome } from './dashboard-keys.ts';
export { MemoryDashboardSource, type MemoryWorldOptions } from './memory-dashboard-source.ts';
export { RingBuffer } from './ring-buffer.ts';
export { AsyncQueue } from './async-queue.ts';
export { formatElapsed, formatUptime, formatBytes } from './status-words.ts';
