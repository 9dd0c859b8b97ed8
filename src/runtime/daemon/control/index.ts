/**
 * Starting, stopping and asking a stackd from the CLI. Small on purpose: the
 * CLI imports this without the daemon itself (no stores, no API server).
 */
export { daemonPaths, DEFAULT_ROOT, DEFAULT_RUN_DIR, type DaemonPaths } from './paths.ts';
export { ensureStackd, bundledRuntimeUnsupported, STACKD_NODE_FLAGS, type StartResult, type Env } from './start.ts';
export { stopStackd, type StopResult } from './stop.ts';
export { readDaemonPid, isAlive } from './pid-file.ts';
export { pingSocket, getJson, apiRequest } from './ping.ts';
export { locateStackd } from './locate.ts';
