/**
 * stackd, the bundled runtime (see README.md). The process entry is
 * entry.ts; tests drive a Daemon and its API server directly.
 */
export { Daemon, type DaemonOptions, type StartupReport } from './daemon.ts';
export { daemonConfig, type DaemonConfig } from './daemon-config.ts';
export { serveApi, type ApiServer } from './api/index.ts';
export { EventHub, type DockerEvent, type EventFilters } from './event-hub.ts';
export { openDaemonLog, type DaemonLogFile } from './log-file.ts';
