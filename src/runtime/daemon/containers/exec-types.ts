import type { Readable } from 'node:stream';

/** What `POST /containers/{id}/exec` sends (Docker's ExecConfig). */
export interface ExecConfig {
  readonly Cmd: readonly string[];
  readonly Env?: readonly string[] | null;
  readonly User?: string;
  readonly WorkingDir?: string;
  readonly Tty?: boolean;
  readonly AttachStdin?: boolean;
  readonly AttachStdout?: boolean;
  readonly AttachStderr?: boolean;
  readonly Privileged?: boolean;
  readonly DetachKeys?: string;
  /** API ≥ 1.42; the initial size of the TTY. */
  readonly ConsoleSize?: readonly [number, number] | null;
}

/** Docker's `GET /exec/{id}/json`. */
export interface ExecInspect {
  readonly ID: string;
  readonly Running: boolean;
  readonly ExitCode: number | null;
  readonly ProcessConfig: { readonly tty: boolean; readonly entrypoint: string; readonly arguments: readonly string[]; readonly privileged: boolean; readonly user: string };
  readonly OpenStdin: boolean;
  readonly OpenStderr: boolean;
  readonly OpenStdout: boolean;
  readonly CanRemove: boolean;
  readonly ContainerID: string;
  readonly DetachKeys: string;
  readonly Pid: number;
}

/** A started exec: its output streams (one merged stream with a TTY, as Docker), and its exit status. */
export interface ExecSession {
  readonly stdout: Readable;
  /** Null with a TTY: a terminal has one output. */
  readonly stderr: Readable | null;
  /** The process's exit status; 128+n when killed by signal n. */
  readonly exit: Promise<number>;
  /** Sets the TTY size (rows, columns). Without a TTY: no effect. */
  resize(height: number, width: number): Promise<void>;
  /** Ends the process (SIGKILL by default). */
  kill(signal?: NodeJS.Signals): void;
}
