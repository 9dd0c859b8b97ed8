import { processRunner } from '../base/process-runner.ts';
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
  // Through the daemon's process runner: stackd forks these from a small helper, not from itself (src/base/process-runner.ts).
  const result = await processRunner()
    .run(command, args, { input: options.input ?? '', env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } })
    .then(
      (r): CommandResult => ({ stdout: r.stdout, stderr: r.stderr, status: r.code ?? 1 }),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          throw new StackError({
            code: 'STK6013',
            errorClass: 'FailedPrecondition',
            message: `${options.what}: \`${command}\` is not installed`,
            hint: 'Install iproute2 and iptables (bash scripts/setup as root).',
            cause: error,
          });
        }
        throw commandError(command, options.what, error.message, error);
      },
    );
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
