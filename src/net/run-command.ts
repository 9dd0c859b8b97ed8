import { spawn } from 'node:child_process';
import { StackError, throwIfAborted } from '../base/errors.ts';

/**
 * Runs one host networking tool (ip, iptables-restore, iptables-save) with an
 * optional batch on stdin, and turns its failure into a StackError that says
 * what we were doing, with the tool's own words kept only as the detail.
 */

export interface CommandOptions {
  /** What the command does, for the error: `creating bridge stk1a2b-1`. */
  readonly what: string;
  readonly input?: string;
  /** Checked before the command starts; a started batch is never killed half-way. */
  readonly signal?: AbortSignal;
  /** Return the result instead of throwing when the exit status is not 0. */
  readonly allowFailure?: boolean;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

export async function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  throwIfAborted(options.signal);
  const result = await new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new StackError({
            code: 'STK6013',
            errorClass: 'FailedPrecondition',
            message: `${options.what}: \`${command}\` is not installed`,
            hint: 'Install iproute2 and iptables (bash scripts/setup as root).',
            cause: error,
          }),
        );
      } else reject(commandError(command, options.what, error.message, error));
    });
    child.on('close', (status) => resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), status: status ?? 1 }));
    // A tool that exits before reading its input closes the pipe; the exit status tells the story.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
  if (result.status !== 0 && !options.allowFailure) throw commandError(command, options.what, result.stderr || result.stdout, undefined);
  return result;
}

function commandError(command: string, what: string, output: string, cause: unknown): StackError {
  const detail = output.trim().split('\n').slice(0, 3).join('; ');
  if (/Operation not permitted|Permission denied/i.test(detail)) {
    return new StackError({
      code: 'STK6022',
      errorClass: 'PermissionDenied',
      message: `${what}: ${command} was not permitted (${detail})`,
      hint: 'The bundled runtime changes the host network: run stackd as root.',
      cause,
    });
  }
  return new StackError({
    code: 'STK6012',
    errorClass: 'FailedPrecondition',
    message: `${what}: ${command} failed${detail ? ` (${detail})` : ''}`,
    hint: 'Check the host network (ip link, ip netns, iptables-save); `stack runtime stop` removes what stackd made.',
    cause,
  });
}
