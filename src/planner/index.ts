/**
 * The planner: desired state (a Project) and actual state (an
 * ObservedState) in, a Plan out. Pure: no I/O, no clock, no randomness, no
 * logging, no prompts. See README.md.
 */
export { reconcile } from './reconcile.ts';
export type { ImagePolicy, PlanInput, ReconcileOptions, RecreatePolicy } from './options.ts';
export { emptyObservedState } from './observed.ts';
export type { ContainerState, HealthState, ObservedContainer, ObservedNetwork, ObservedState, ObservedVolume } from './observed.ts';
export { buckets, isEmptyPlan } from './plan.ts';
export type { Bucket, Decision, Plan, PlanNode } from './plan.ts';
export type {
  Action,
  ActionKind,
  AwaitConditionAction,
  BuildImageAction,
  ConnectNetworkAction,
  ContainerRef,
  CreateContainerAction,
  CreateNetworkAction,
  CreateVolumeAction,
  DisconnectNetworkAction,
  PullImageAction,
  RemoveContainerAction,
  RemoveNetworkAction,
  RemoveVolumeAction,
  RenameContainerAction,
  StartContainerAction,
  StopContainerAction,
} from './actions.ts';
export { nodeLine, planToJson, planToText } from './plan-text.ts';
export { formatPlanSummary, summarizePlan, type PlanSummary } from './summarize-plan.ts';
export { buildGraph, type GraphEdge, type GraphNode, type ProjectGraph } from './graph.ts';
export { serviceDependencies, type DependencyKind, type ServiceDependency } from './dependencies.ts';
export {
  configSnapshot,
  digestedFiles,
  networkConfigHash,
  serviceConfigHash,
  serviceHashInput,
  snapshotHash,
  volumeConfigHash,
  type FileDigests,
  type ServiceHashInput,
} from './hash.ts';
export { diffServiceConfig } from './diff.ts';
export { containerName, imageRef, temporaryName, type ResourceId } from './names.ts';
export { serviceNetworkKeys, serviceVolumeKeys } from './usage.ts';
export { desiredScale } from './decide-service.ts';
