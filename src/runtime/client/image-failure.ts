import { StackError, type ErrorClass } from '../../base/index.ts';

export type ImageOperation = 'pull' | 'build' | 'load' | 'import';

const codes: Readonly<Record<ImageOperation, string>> = { pull: 'STK5018', build: 'STK5019', load: 'STK5020', import: 'STK5020' };

/**
 * A failed pull, build, load or import, whether the engine refused the
 * request or reported the error in the middle of its progress stream. The
 * class comes from what the engine said, so the engine can tell "no such
 * image" (NotFound: do not retry) from "registry unreachable" (Unavailable).
 */
export function imageFailure(operation: ImageOperation, reference: string | undefined, said: string, cause: unknown): StackError {
  const errorClass = classify(operation, said);
  const subject = reference ? ` "${reference}"` : '';
  const what = operation === 'pull' ? `pull image${subject}` : operation === 'build' ? `build image${subject}` : `${operation} the image archive${subject}`;
  return new StackError({
    code: codes[operation],
    errorClass,
    message: `could not ${what} (engine: ${said})`,
    hint: hint(operation, errorClass),
    resource: reference ? `image:${reference}` : undefined,
    cause,
  });
}

function classify(operation: ImageOperation, said: string): ErrorClass {
  if (operation === 'pull') {
    if (/not found|manifest unknown|does not exist|no such image|name unknown/i.test(said)) return 'NotFound';
    if (/unauthorized|authentication required|denied|forbidden/i.test(said)) return 'PermissionDenied';
    if (/no such host|dial tcp|connection refused|i\/o timeout|timeout|tls|network is unreachable|server misbehaving|EOF/i.test(said)) return 'Unavailable';
  }
  if (operation === 'build' && /returned a non-zero code|failed to|unknown instruction|dockerfile parse error/i.test(said)) return 'FailedPrecondition';
  if (/invalid|unexpected EOF|not a tar|archive\/tar|malformed/i.test(said)) return 'InvalidArgument';
  return 'FailedPrecondition';
}

function hint(operation: ImageOperation, errorClass: ErrorClass): string {
  switch (operation) {
    case 'pull':
      if (errorClass === 'NotFound') return 'check the image name and tag; for a private registry, log in first';
      if (errorClass === 'PermissionDenied') return 'log in to the registry (`docker login <registry>`) or check your credentials';
      if (errorClass === 'Unavailable') return 'check the network and the registry address; an image already on the engine can be used without pulling (`pull_policy: missing`)';
      return "the engine's message says what went wrong";
    case 'build':
      return 'the build output above shows the failing step; fix the Dockerfile or the context and build again';
    default:
      return 'check that the file is an image archive (`docker save` output, an OCI layout tar, or a root filesystem tar for import)';
  }
}
