/**
 * The runtime client: how stack drives Docker or stackd. See README.md.
 */
export type * from './runtime-client.ts';
export type * from './runtime-types.ts';
export type * from './container-create-body.ts';
export type * from './resource-create-bodies.ts';
export { createRuntimeClient, bundledSocketPath, defaultDockerSocket, resolveEndpoint, type CreateRuntimeClientOptions, type Connection, type Env } from './create-runtime-client.ts';
export { DockerClient } from './docker-client.ts';
export { preferredApiVersion, oldestApiVersion } from './docker-api.ts';
export { runExec, type ExecOutput } from './run-exec.ts';
export { splitReference, type ReferenceParts } from './reference.ts';
export {
  composeLabel, stackLabel, projectFilter, serviceFilter, oneoffFilter, parseComposeLabels, formatComposeLabels, formatDependsOn, parseDependsOn,
  type ComposeLabels, type ComposeLabelKey, type DependsOnLabel, type DependencyCondition,
} from './labels.ts';
