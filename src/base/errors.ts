/**
 * Operational failures. Bad input is a Diagnostic (see diagnostics.ts) and is
 * collected, never thrown; a StackError is thrown when something that should
 * work does not: a runtime that is unreachable, an image that cannot be
 * pulled, an action that failed, a cancel.
 *
 * Every StackError has a stable code (see codes/), a class the engine reasons
 * about (retry or not, exit code), and a hint that tells the user what to do.
 */

/** The error classes, after containerd's errdefs: what a caller may do about it. */
export type ErrorClass =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'InvalidArgument'
  | 'FailedPrecondition'
  | 'PermissionDenied'
  | 'Unavailable'
  | 'Timeout'
  | 'Canceled'
  | 'Internal';

const brand = Symbol.for('stack.error');

export interface StackErrorOptions {
  readonly code: string;
  readonly errorClass: ErrorClass;
  readonly message: string;
  /** What the user can do about it, in one sentence. */
  readonly hint?: string;
  /** The resource the error is about: `service:web`, `container:app-web-1`, `network:app_default`. */
  readonly resource?: string;
  readonly cause?: unknown;
}

export class StackError extends Error {
  readonly [brand] = true;
  readonly code: string;
  readonly errorClass: ErrorClass;
  readonly hint: string | undefined;
  readonly resource: string | undefined;

  constructor(options: StackErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StackError';
    this.code = options.code;
    this.errorClass = options.errorClass;
    this.hint = options.hint;
    this.resource = options.resource;
  }

  /** Retryable errors are worth another pass of the reconcile loop; the rest are terminal. */
  get retryable(): boolean {
    return this.errorClass === 'Unavailable' || this.errorClass === 'Timeout' || this.errorClass === 'Conflict';
  }
}

/** A bug in stack itself: printed with a request to report it, never with the user's fault implied. */
export class InternalError extends StackError {
  constructor(message: string, cause?: unknown) {
    super({ code: 'STK9001', errorClass: 'Internal', message, cause });
    this.name = 'InternalError';
  }
}

export function isStackError(value: unknown): value is StackError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

export function isErrorClass(value: unknown, errorClass: ErrorClass): boolean {
  return isStackError(value) && value.errorClass === errorClass;
}

/** The cancel error: thrown by anything that stops because its AbortSignal fired. */
export function canceledError(resource?: string): StackError {
  return new StackError({ code: 'STK5099', errorClass: 'Canceled', message: 'canceled', resource });
}

/** Throws the cancel error when the signal has fired; call it between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined, resource?: string): void {
  if (signal?.aborted) throw canceledError(resource);
}
