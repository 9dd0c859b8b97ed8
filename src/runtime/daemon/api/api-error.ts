import { isStackError, type ErrorClass, type StackError } from '../../../base/index.ts';

/** What an API client receives for a failure: Docker's status code and `{"message": ...}`. */
export interface ApiError {
  readonly status: number;
  readonly message: string;
}

const statusOf: Readonly<Record<ErrorClass, number>> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  InvalidArgument: 400,
  // dockerd answers 500 for a start or an operation the system refused: not a state clients can fix by retrying.
  FailedPrecondition: 500,
  PermissionDenied: 403,
  Unavailable: 500,
  Timeout: 500,
  Canceled: 500,
  Internal: 500,
};

/**
 * Pure: a failure as Docker reports it. Status codes follow the error class;
 * for the failures clients tell apart by wording (docker-py, compose 1.29,
 * our own client, the docker CLI), the message starts with dockerd's words
 * and carries ours after them.
 */
export function apiError(error: unknown): ApiError {
  if (!isStackError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, message: `stackd internal error: ${message}` };
  }
  const status = statusOf[error.errorClass];
  const name = subject(error);
  const ours = error.message;
  switch (error.code) {
    case 'STK5201':
      return { status: 404, message: `No such container: ${name}` };
    case 'STK5101':
      return { status: 404, message: `No such image: ${name} (${ours})` };
    case 'STK5401':
      return { status: 404, message: `get ${name}: no such volume` };
    case 'STK6001':
      return { status: 404, message: `network ${name} not found` };
    case 'STK5214':
      return { status: 404, message: `No such exec instance: ${name}` };
    case 'STK5311':
      return { status: 404, message: ours };
    case 'STK5202':
      return { status: 409, message: `Conflict. ${ours}. You have to remove (or rename) that container to be able to reuse that name.` };
    case 'STK6002':
      return { status: 409, message: `network with name ${name} already exists` };
    case 'STK6009': {
      const where = /^port:(.*)\/(tcp|udp)$/.exec(error.resource ?? '')?.[1] ?? name;
      return { status: 500, message: `driver failed programming external connectivity: Bind for ${where} failed: port is already allocated (${ours})` };
    }
    case 'STK6003':
      return { status: 403, message: `error while removing network: network ${name} has active endpoints (${ours})` };
    case 'STK5306':
      return { status: 404, message: ours };
    default:
      return { status, message: ours };
  }
}

/** The object's name from the error's resource (`container:web`) or, failing that, its message. */
function subject(error: StackError): string {
  const resource = error.resource ?? '';
  const colon = resource.indexOf(':');
  if (colon >= 0) return resource.slice(colon + 1);
  return error.message;
}
