import type { ErrorClass } from '../base/index.ts';

/** Exit codes, as scripts and CI jobs read them. */
export const ExitCode = {
  Ok: 0,
  /** Something that should have worked did not: runtime, image, container, timeout. */
  Failure: 1,
  /** The input was wrong: the compose files, a flag, an argument. */
  Usage: 2,
  /** Ctrl+C (128 + SIGINT). */
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for a StackError: usage and input classes are 2, cancel is 130, the rest 1. */
export function exitCodeFor(code: string, errorClass: ErrorClass): number {
  if (errorClass === 'Canceled') return ExitCode.Interrupted;
  if (errorClass === 'InvalidArgument') return ExitCode.Usage;
  // Bands 1xxx-3xxx are bad input, 7xxx bad usage.
  if (/^STK[1237]\d{3}$/.test(code)) return ExitCode.Usage;
  return ExitCode.Failure;
}
