/**
 * src/spec: compose files in, a typed, normalized, readonly Project out.
 * See README.md for the phases and their invariants.
 */
export { loadProject } from './load.ts';
export type { LoadOptions, LoadResult } from './load-options.ts';
export type { LoadHost, ReadResult } from './host.ts';
export { nodeHost, memoryHost } from './host.ts';
export { composeDocument } from './project-document.ts';
export { composeYaml, composeJson } from './project-text.ts';
export { serviceHash, serviceHashInput } from './service-hash.ts';
export { definedProfiles } from './profiles.ts';
export { parseDuration, formatDuration, durationMs } from './durations.ts';
export { parseByteSize } from './byte-size.ts';
export { isNormalProjectName, normalizeProjectName } from './project-name.ts';
export { DEFAULT_FILE_NAMES, OVERRIDE_FILE_NAMES } from './discovery.ts';
export type * from './types.ts';
export { shellSplit } from './shell-words.ts';
