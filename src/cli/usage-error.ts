import { StackError } from '../base/index.ts';

/** A wrong flag or argument: exit code 2, the message and a hint, no stack trace. */
export function usageError(code: string, message: string, hint?: string): StackError {
  return new StackError({ code, errorClass: 'InvalidArgument', message, hint });
}
