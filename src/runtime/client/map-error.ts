import { canceledError, isStackError, StackError, type ErrorClass } from '../../base/index.ts';
import type { RuntimeEndpoint } from './runtime-types.ts';

/**
 * The one place where engine and transport failures become StackErrors.
 * Everything the client throws passes through here, so the rest of stack
 * reasons about codes and classes, never about HTTP statuses, errno values
 * or Docker's wording; and the user always reads our sentence first, with
 * the engine's own words kept after it.
 */

export type ObjectKind = 'container' | 'image' | 'network' | 'volume' | 'exec' | 'path';

export interface ErrorContext {
  /** What was being done, as a verb phrase: `start`, `create`, `connect to network "x"`. */
  readonly action: string;
  readonly kind?: ObjectKind;
  readonly name?: string;
  readonly endpoint: RuntimeEndpoint;
}

/** What a transport or engine failure looks like once docker-modem has made an Error of it. */
interface FailureShape {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly json?: unknown;
}

/** HTTP 304: the object is already in the asked state (start a running container, stop a stopped one). */
export function isNotModified(error: unknown): boolean {
  return (error as FailureShape | undefined)?.statusCode === 304;
}

export function isAbort(error: unknown): boolean {
  const e = error as FailureShape | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

export function mapError(error: unknown, context: ErrorContext): StackError {
  if (isStackError(error)) return error;
  const resource = context.kind && context.name ? `${context.kind}:${context.name}` : undefined;
  if (isAbort(error)) return canceledError(resource);
  const e = (error ?? {}) as FailureShape;
  if (typeof e.statusCode === 'number') return mapStatus(e.statusCode, engineMessage(e), context, resource, error);
  return mapTransport(e, context, resource, error);
}

/** The engine's own message: Docker sends `{"message": "..."}`; docker-modem wraps it in its own text. */
export function engineMessage(e: FailureShape): string {
  const json = e.json;
  if (json && typeof json === 'object' && !Buffer.isBuffer(json)) {
    const message = (json as { message?: unknown }).message;
    if (typeof message === 'string' && message.trim()) return message.trim();
  }
  if (typeof json === 'string' && json.trim()) return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString('utf8').trim();
  const text = (e.message ?? '').trim();
  const dash = text.indexOf(' - ');
  return dash >= 0 && text.startsWith('(HTTP code') ? text.slice(dash + 3).trim() : text;
}

function mapStatus(status: number, said: string, context: ErrorContext, resource: string | undefined, cause: unknown): StackError {
  const subject = describe(context);
  const target = subject ? ` ${subject}` : '';
  const make = (code: string, errorClass: ErrorClass, message: string, hint: string, res = resource) =>
    new StackError({ code, errorClass, message: `${message} (engine: ${said || `HTTP ${status}`})`, hint, resource: res, cause });

  if (status === 404) {
    const kind = notFoundKind(said) ?? context.kind;
    const what = kind === context.kind ? subject : kind ?? 'object';
    switch (kind) {
      case 'image':
        return make('STK5006', 'NotFound', `${what} not found`, 'pull it (`stack pull`) or build it (`stack build`) first; check the name and tag', resource);
      case 'network':
        return make('STK5007', 'NotFound', `${what} not found`, 'create it (`stack up` creates the networks a project declares), or mark it external only if it already exists');
      case 'volume':
        return make('STK5008', 'NotFound', `${what} not found`, 'create it (`stack up` creates declared volumes), or mark it external only if it already exists');
      case 'exec':
        return make('STK5009', 'NotFound', `${what} not found`, 'the container was removed or restarted; run the command again');
      case 'path':
        return make('STK5010', 'NotFound', `${what} not found inside the container`, 'check the path (it is resolved inside the container, after its working directory)');
      default:
        return make('STK5005', 'NotFound', `${what} not found`, 'list what exists with `stack ps -a`; it may have been removed by hand');
    }
  }
  if (status === 409) {
    if (/already in use|already exists/i.test(said)) {
      return make('STK5011', 'Conflict', `cannot ${context.action}${target}: the name is taken`, 'remove or rename the existing one, or choose another name');
    }
    return make('STK5012', 'Conflict', `cannot ${context.action}${target} in its current state`, 'check its state with `stack ps -a` and retry; stop or remove what holds it');
  }
  if (status === 400) return make('STK5014', 'InvalidArgument', `the engine rejected the request to ${context.action}${target} as invalid`, 'check the option the engine names; it may not be supported by this engine');
  // Docker answers 403 for a network that still has endpoints: in use, not forbidden.
  if (status === 403 && /active endpoints|in use/i.test(said)) return make('STK5012', 'Conflict', `cannot ${context.action}${target} while it is in use`, 'disconnect or remove the containers that use it first (`stack down` does this in order)');
  if (status === 401 || status === 403) return make('STK5015', 'PermissionDenied', `the engine refused to ${context.action}${target}`, 'check the permissions or policy the engine names (a read-only path, registry credentials)');
  const port = allocatedPort(said);
  if (port) {
    const which = port.address ? `host port ${port.address}` : 'a published host port';
    const free = port.port ? `free port ${port.port} (see who holds it with \`ss -ltnp 'sport = :${port.port}'\`)` : 'free the port';
    return make('STK5013', 'Conflict', `cannot ${context.action}${target}: ${which} is already in use`, `${free} or publish the service on another host port`);
  }
  return make('STK5016', 'FailedPrecondition', `the engine could not ${context.action}${target}`, "the engine's message says why; for a container that fails to start, `stack logs` shows its own output");
}

function mapTransport(e: FailureShape, context: ErrorContext, resource: string | undefined, cause: unknown): StackError {
  const where = context.endpoint.address;
  const start =
    context.endpoint.runtime === 'bundled'
      ? 'start the bundled runtime with `stack runtime start`, or use Docker with `--runtime docker`'
      : 'start the Docker daemon (`sudo systemctl start docker` or `sudo dockerd`), set DOCKER_HOST to a running engine, or use the bundled runtime with `--runtime bundled`';
  const detail = e.message ? ` (${e.message})` : '';
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return new StackError({
        code: 'STK5002',
        errorClass: 'PermissionDenied',
        message: `permission denied opening the ${runtimeName(context)} socket ${where}${detail}`,
        hint: `run as root, join the group that owns ${context.endpoint.socketPath ?? 'the socket'} (often \`docker\`), or set DOCKER_HOST`,
        resource,
        cause,
      });
    case 'ENOENT':
      return unavailable(`no ${runtimeName(context)} is listening at ${where}: the socket does not exist`, start, resource, cause);
    case 'ECONNREFUSED':
      return unavailable(`the ${runtimeName(context)} at ${where} refused the connection${detail}`, start, resource, cause);
    case 'ETIMEDOUT':
      return new StackError({ code: 'STK5001', errorClass: 'Timeout', message: `the ${runtimeName(context)} at ${where} did not answer in time${detail}`, hint: start, resource, cause });
    default:
      if (e.code) return unavailable(`lost the connection to the ${runtimeName(context)} at ${where} during ${context.action}${detail}`, 'check that the engine is still running (its log may say why it stopped), then retry', resource, cause);
      return new StackError({
        code: 'STK5017',
        errorClass: 'Unavailable',
        message: `unexpected answer from the ${runtimeName(context)} at ${where} to ${context.action}${detail}`,
        hint: 'check that DOCKER_HOST points at a Docker Engine (API 1.41 or later) or at stackd',
        resource,
        cause,
      });
  }
}

function unavailable(message: string, hint: string, resource: string | undefined, cause: unknown): StackError {
  return new StackError({ code: 'STK5001', errorClass: 'Unavailable', message, hint, resource, cause });
}

function runtimeName(context: ErrorContext): string {
  return context.endpoint.runtime === 'bundled' ? 'bundled runtime (stackd)' : 'Docker engine';
}

function describe(context: ErrorContext): string {
  if (!context.kind) return '';
  return context.name ? `${context.kind} "${context.name}"` : context.kind;
}

/** The kind of object Docker says is missing, from its message (a create names the image, not the container). */
function notFoundKind(said: string): ObjectKind | undefined {
  if (/no such image|image .* not found|pull access denied|manifest unknown|repository does not exist/i.test(said)) return 'image';
  if (/no such container/i.test(said)) return 'container';
  if (/network .*not found|no such network/i.test(said)) return 'network';
  if (/no such volume|volume .*not found/i.test(said)) return 'volume';
  if (/no such exec/i.test(said)) return 'exec';
  if (/could not find the file|no such file or directory|lstat .*: no such/i.test(said)) return 'path';
  return undefined;
}

/** `Bind for 0.0.0.0:8080 failed: port is already allocated`, `listen tcp4 127.0.0.1:8080: bind: address already in use`. */
export function allocatedPort(said: string): { readonly address?: string; readonly port?: number } | undefined {
  if (!/port is already allocated|address already in use/i.test(said)) return undefined;
  const match = /(?:Bind for|listen \w+)\s+(\S*?):(\d{1,5})\b/i.exec(said) ?? /(\[[0-9a-f:]+\]|[\d.]+):(\d{1,5})\b/i.exec(said);
  if (!match) return {};
  const port = Number(match[2]);
  return { address: `${match[1] || '0.0.0.0'}:${port}`, port };
}
