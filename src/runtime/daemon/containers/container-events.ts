export type ContainerEventAction =
  | 'create'
  | 'start'
  | 'die'
  | 'stop'
  | 'kill'
  | 'pause'
  | 'unpause'
  | 'restart'
  | 'destroy'
  | 'rename'
  | 'oom'
  | 'health_status'
  | 'exec_create'
  | 'exec_start'
  | 'exec_die';

/**
 * A container event, shaped like Docker's /events message for Type
 * "container": `Action` is the text Docker sends (`health_status: healthy`,
 * `exec_start: sh -c ...`), `attributes` are the Actor's attributes (the
 * container's labels plus image, name, and exitCode, signal, oldName,
 * execID where Docker adds them).
 */
export interface ContainerEvent {
  readonly type: 'container';
  readonly action: ContainerEventAction;
  /** Docker's `Action` (and legacy `status`). */
  readonly Action: string;
  readonly id: string;
  /** The image name the container was created from (Docker's legacy `from`). */
  readonly from: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Unix seconds and nanoseconds (millisecond precision). */
  readonly time: number;
  readonly timeNano: number;
}
