import { StackError, type ErrorClass } from '../../../base/index.ts';

/**
 * The container band's errors (STK52xx). Every operational failure that
 * leaves this module is one of these: runc, conmon and kernel text only ever
 * appears after our own sentence, as the detail.
 */
export function containerError(code: string, errorClass: ErrorClass, options: { message: string; hint: string; resource?: string; cause?: unknown }): StackError {
  return new StackError({ code, errorClass, ...options });
}

const res = (idOrName: string): string => `container:${idOrName.length === 64 ? idOrName.slice(0, 12) : idOrName}`;

/** The first line of a tool's stderr, trimmed, for the end of our message. */
export function detail(cause: unknown): string {
  if (cause === undefined || cause === null) return '';
  const text = cause instanceof Error ? ((cause as { stderr?: unknown }).stderr ? String((cause as { stderr?: unknown }).stderr) : cause.message) : String(cause);
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > 0 ? `: ${line.slice(0, 500)}` : '';
}

export function containerNotFound(idOrName: string): StackError {
  return containerError('STK5201', 'NotFound', { message: `no such container: ${idOrName}`, hint: 'List containers with `stack ps -a` (or `docker ps -a` against stackd).', resource: res(idOrName) });
}

export function nameInUse(name: string, ownerId: string): StackError {
  return containerError('STK5202', 'Conflict', {
    message: `the container name "/${name}" is already in use by container ${ownerId.slice(0, 12)}`,
    hint: 'Remove or rename that container, or choose another name.',
    resource: res(name),
  });
}

export function invalidConfig(message: string, hint: string, idOrName?: string): StackError {
  return containerError('STK5203', 'InvalidArgument', { message, hint, resource: idOrName ? res(idOrName) : undefined });
}

export function notRunning(id: string, operation: string): StackError {
  return containerError('STK5204', 'Conflict', { message: `cannot ${operation} container ${id.slice(0, 12)}: it is not running`, hint: 'Start it first.', resource: res(id) });
}

export function isRunning(id: string, operation: string): StackError {
  return containerError('STK5205', 'Conflict', {
    message: `cannot ${operation} container ${id.slice(0, 12)}: it is running`,
    hint: 'Stop it first, or use force.',
    resource: res(id),
  });
}

export function isPaused(id: string, operation: string): StackError {
  return containerError('STK5206', 'Conflict', { message: `cannot ${operation} container ${id.slice(0, 12)}: it is paused`, hint: 'Unpause it first.', resource: res(id) });
}

export function notPaused(id: string): StackError {
  return containerError('STK5225', 'Conflict', { message: `container ${id.slice(0, 12)} is not paused`, hint: 'Only a paused container can be unpaused.', resource: res(id) });
}

export function runtimeFailed(id: string, operation: string, cause: unknown): StackError {
  return containerError('STK5208', 'Internal', {
    message: `the OCI runtime failed to ${operation} container ${id.slice(0, 12)}${detail(cause)}`,
    hint: 'See the daemon log for the runtime\'s full output; the container may need `rm -f`.',
    resource: res(id),
    cause,
  });
}

export function conmonFailed(id: string, message: string, cause?: unknown): StackError {
  return containerError('STK5209', 'Internal', {
    message: `could not start container ${id.slice(0, 12)}: ${message}`,
    hint: 'Check the command, user and working directory of the container; the daemon log has the runtime\'s output.',
    resource: res(id),
    cause,
  });
}

export function unsafePath(what: string, path: string): StackError {
  return containerError('STK5213', 'InvalidArgument', {
    message: `${what} "${path}" is not allowed: it must be absolute and must not point into /proc/<pid>/fd`,
    hint: 'Use an absolute path inside the container\'s own filesystem.',
  });
}

export function busy(id: string, what: string): StackError {
  return containerError('STK5221', 'Conflict', { message: `container ${id.slice(0, 12)} is ${what}`, hint: 'Wait for that operation to finish and try again.', resource: res(id) });
}

export function recordCorrupt(id: string, path: string, cause: unknown): StackError {
  return containerError('STK5218', 'Internal', {
    message: `the record of container ${id.slice(0, 12)} (${path}) cannot be read${detail(cause)}`,
    hint: 'Remove the container directory by hand after checking that no conmon runs for it.',
    resource: res(id),
    cause,
  });
}
