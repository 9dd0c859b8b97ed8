/** Where the runtime writes what an operator needs later (the daemon log): probe verdicts, adoptions, restarts. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type DaemonLog = (level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>) => void;

export const silentLog: DaemonLog = () => {};
