import { StackError, type ErrorClass } from '../../../base/index.ts';

function volumeError(code: string, errorClass: ErrorClass, name: string, message: string, hint: string, cause?: unknown): StackError {
  return new StackError({ code, errorClass, message, hint, resource: `volume:${name}`, cause });
}

export function volumeNotFound(name: string): StackError {
  return volumeError('STK5401', 'NotFound', name, `volume "${name}" does not exist`, 'List volumes with `stack volume ls`, or create it first.');
}

export function volumeInUse(name: string, containers: readonly string[]): StackError {
  const list = containers.map((c) => c.slice(0, 12)).join(', ');
  return volumeError('STK5402', 'Conflict', name, `volume "${name}" is in use by container ${list}`, 'Remove the containers that use it first.');
}

export function invalidVolumeName(name: string): StackError {
  return volumeError('STK5403', 'InvalidArgument', name, `"${name}" is not a valid volume name`, 'Use letters, digits, "_", "." and "-", starting with a letter or digit, at least 2 characters.');
}

export function volumeExistsWithOtherOptions(name: string, what: string): StackError {
  return volumeError('STK5404', 'Conflict', name, `volume "${name}" already exists with a different ${what}`, 'Remove the volume first, or use another name.');
}

export function unsupportedDriver(name: string, driver: string): StackError {
  return volumeError('STK5405', 'InvalidArgument', name, `volume driver "${driver}" is not supported`, 'Use the "local" driver (the default).');
}

export function copyUpFailed(name: string, destination: string, cause: unknown): StackError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return volumeError('STK5406', 'Internal', name, `could not copy the image content at ${destination} into volume "${name}"${detail}`, 'Check free space under the state root, then create the container again.', cause);
}

export function volumeRecordCorrupt(name: string, path: string, cause: unknown): StackError {
  return volumeError('STK5407', 'Internal', name, `the record of volume "${name}" (${path}) cannot be read`, 'Remove the broken volume directory by hand, or restore it from a backup.', cause);
}

export function unsupportedVolumeOptions(name: string, keys: readonly string[]): StackError {
  return volumeError('STK5408', 'InvalidArgument', name, `volume options ${keys.join(', ')} are not supported by stackd's local driver`, 'Remove driver_opts, or use a bind mount for host directories.');
}
