import { InternalError, isStackError, StackError, type StackErrorOptions } from '../base/index.ts';
import type { EventError } from './events.ts';

/**
 * A StackError with the runtime's last words attached: the last health
 * check output, an exit code, the tail of a container's log. The progress
 * view shows `detail` under the error, so the reason a step failed is on
 * screen without a second command.
 */
export class ActionError extends StackError {
  readonly detail: string | undefined;

  constructor(options: StackErrorOptions & { readonly detail?: string }) {
    super(options);
    this.name = 'ActionError';
    this.detail = options.detail;
  }
}

/** Any failure as a StackError: ours as they are, anything else is a bug in stack. */
export function asStackError(error: unknown): StackError {
  if (isStackError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InternalError(message, error);
}

/** A failure as the progress view shows it. */
export function eventError(error: StackError): EventError {
  const detail = error instanceof ActionError ? error.detail : undefined;
  return {
    code: error.code,
    message: error.message,
    ...(error.hint !== undefined ? { hint: error.hint } : {}),
    ...(detail !== undefined && detail !== '' ? { detail } : {}),
  };
}
