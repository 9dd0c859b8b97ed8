/**
 * src/engine: effects, no decisions. Observes the runtime, runs the
 * planner's plans (and the commands' own) through one executor, waits for
 * conditions by observing, and multiplexes logs. See README.md.
 */
export type * from './events.ts';
export { observeProject, toObservedContainer, type Observation, type ObserveOptions } from './observe.ts';
export { containerConfig, type ContainerConfig, type ContainerConfigInput, type OneoffOverrides } from './container-config.ts';
export { containerLabels, type ContainerIdentity } from './container-labels.ts';
export type { InjectedFile } from './container-mounts.ts';
export type { NetworkAttachment } from './container-network.ts';
export { executePlan, type ExecutableNode, type ExecuteOptions, type ExecutionReport, type FailedNode, type NodeContext, type NodeOutcome, type UnstampedEvent } from './executor.ts';
export { callConcurrency, isWaitNode } from './concurrency.ts';
export { runAction } from './actions.ts';
export { newActionEnv, type ActionEnv } from './action-env.ts';
export { ActionError, asStackError, eventError } from './action-error.ts';
export type { AwaitReadyAction, EngineAction, ForceRemoveContainerAction, EngineNode, EnginePlan, KillContainerAction, PauseContainerAction, RemoveImageAction, RestartContainerAction, UnpauseContainerAction } from './engine-actions.ts';
export { awaitContainer, judge, type WaitGoal } from './await-container.ts';
export { converge, type ConvergeOptions, type ConvergeResult } from './converge.ts';
export { planProject, type PlannedPass } from './plan-project.ts';
export { createOneoff, type OneoffInput } from './oneoff.ts';
export { planDown, type DownOptions } from './plan-down.ts';
export { planCommand, type CommandPlanOptions, type CommandVerb } from './plan-commands.ts';
export { runPass, type RunPassOptions } from './run-pass.ts';
export { PlanRows, verbOf } from './plan-events.ts';
export { followLogs, prefixName, type ContainerExit, type FollowedContainer, type FollowLogsOptions } from './log-mux.ts';
export { readFileDigests } from './file-digests.ts';
export { pullDue } from './pull-due.ts';
export { waitNodes } from './wait-nodes.ts';
export { buildContext, parseDockerignore, isIgnored } from './build-context.ts';
export { tarOfFiles, type TarFile } from './tar-files.ts';
export { extractTar, tarOfPath } from './tar-path.ts';
export { networkNameOf, volumeNameOf } from './project-names.ts';
