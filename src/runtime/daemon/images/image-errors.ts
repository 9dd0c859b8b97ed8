import { StackError, isStackError } from '../../../base/errors.ts';

/**
 * The image store's errors, one factory per code of the 51xx band, so every
 * throw site gives the same class and a hint. Messages name the object; tests
 * assert codes.
 */

const MAX_LISTED = 8;

export function imageNotFound(refOrId: string, existing: readonly string[] = []): StackError {
  const few = existing.length > 0 && existing.length <= MAX_LISTED;
  return new StackError({
    code: 'STK5101',
    errorClass: 'NotFound',
    message: `no such image: ${refOrId}`,
    hint: few ? `images in this store: ${existing.join(', ')}` : 'list images with `stack images`, or load or import the image first',
    resource: `image:${refOrId}`,
  });
}

export function invalidReference(text: string, why: string): StackError {
  return new StackError({
    code: 'STK5102',
    errorClass: 'InvalidArgument',
    message: `invalid reference "${text}": ${why}`,
    hint: 'use [registry/]repository[:tag][@sha256:<64 hex>], lowercase, for example busybox:latest',
  });
}

export function unsupportedMediaType(what: string, mediaType: string, hint?: string): StackError {
  return new StackError({
    code: 'STK5103',
    errorClass: 'InvalidArgument',
    message: `${what}: unsupported media type ${mediaType || '(none)'}`,
    hint: hint ?? 'save or convert the image as an OCI or Docker schema2 image with gzip or uncompressed layers',
  });
}

export function digestMismatch(what: string, expected: string, actual: string): StackError {
  return new StackError({
    code: 'STK5104',
    errorClass: 'InvalidArgument',
    message: `${what}: content hashes to ${actual}, expected ${expected}`,
    hint: 'the archive is damaged or was altered: make it again from the source image',
  });
}

export function unsafeLayerEntry(entry: string, why: string): StackError {
  return new StackError({
    code: 'STK5105',
    errorClass: 'InvalidArgument',
    message: `layer entry "${entry}" refused: ${why}`,
    hint: 'the image holds an entry that could reach outside its root, or a device node: rebuild it from a trusted source',
  });
}

export function imageInUse(image: string, user: string): StackError {
  return new StackError({
    code: 'STK5106',
    errorClass: 'Conflict',
    message: `image ${image} is in use by container ${user}`,
    hint: 'remove the container first, or pass force to untag the image and keep its content until it is unused',
    resource: `image:${image}`,
  });
}

export function archiveNotRecognized(why: string): StackError {
  return new StackError({
    code: 'STK5107',
    errorClass: 'InvalidArgument',
    message: `archive not recognized: ${why}`,
    hint: 'give a `docker save` archive (manifest.json) or an OCI image layout archive (oci-layout + index.json), plain or gzip',
  });
}

export function ambiguousImageId(prefix: string, matches: readonly string[]): StackError {
  return new StackError({
    code: 'STK5108',
    errorClass: 'InvalidArgument',
    message: `short id ${prefix} matches ${matches.length} images`,
    hint: 'give more characters of the id, or a reference',
    resource: `image:${prefix}`,
  });
}

export function imageHasReferences(id: string, refs: readonly string[]): StackError {
  return new StackError({
    code: 'STK5109',
    errorClass: 'Conflict',
    message: `image ${id} is referenced by ${refs.join(', ')}`,
    hint: 'remove the references one by one, or pass force to remove them all with the image',
    resource: `image:${id}`,
  });
}

export function layerTooLarge(what: string, limit: string): StackError {
  return new StackError({
    code: 'STK5110',
    errorClass: 'InvalidArgument',
    message: `${what} exceeds the limit of ${limit}`,
    hint: 'raise the image store limits if the image is trusted and really that large',
  });
}

export function archiveInvalid(why: string, cause?: unknown): StackError {
  return new StackError({
    code: 'STK5111',
    errorClass: 'InvalidArgument',
    message: `damaged archive or image: ${why}`,
    hint: 'make the archive again (docker save, or the tool that produced it) and check it was copied whole',
    cause,
  });
}

export function invalidImageChange(line: string, why: string): StackError {
  return new StackError({
    code: 'STK5112',
    errorClass: 'InvalidArgument',
    message: `invalid change "${line}": ${why}`,
    hint: 'use Dockerfile syntax: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR or STOPSIGNAL',
  });
}

export function storeFailure(what: string, cause: unknown): StackError {
  const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
  return new StackError({
    code: 'STK5113',
    errorClass: reason === 'ENOSPC' ? 'Unavailable' : 'Internal',
    message: `image store: ${what} failed (${reason})`,
    hint: reason === 'ENOSPC' ? 'free disk space (prune unused images) and retry' : 'check the state root is writable by stackd and on a local filesystem',
    cause,
  });
}

/** Keeps our errors as they are and wraps anything else (fs, zlib, tar parser) so raw text never reaches a user alone. */
export function asStoreError(what: string, error: unknown): StackError {
  return isStackError(error) ? error : storeFailure(what, error);
}
