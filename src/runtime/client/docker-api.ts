import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { StackError, throwIfAborted } from '../../base/index.ts';
import { isNotModified, mapError, type ErrorContext } from './map-error.ts';
import type { RuntimeEndpoint } from './runtime-types.ts';

/**
 * The wire: every engine call goes through `DockerApi`, over dockerode's
 * modem (docker-modem), which owns connections, TLS and the HTTP upgrade that
 * attach and exec need.
 *
 * Why not dockerode's per-method wrappers: they differ in whether they pass
 * the AbortSignal on (image and network inspect do not), createContainer
 * sends its whole body in the query string too, and non-follow logs are
 * buffered whole. Calling the modem with explicit paths gives every call the
 * same cancel, status and error behaviour, in one place.
 */

/** The slice of docker-modem's Modem this file uses. */
export interface Modem {
  version?: string;
  dial(options: DialOptions, callback: (error: unknown, data: unknown) => void): void;
}

interface DialOptions {
  readonly path: string;
  readonly method: string;
  readonly options: { readonly _query: Record<string, unknown>; readonly _body: unknown };
  readonly statusCodes: Readonly<Record<number, boolean>>;
  readonly isStream?: boolean;
  readonly hijack?: boolean;
  readonly openStdin?: boolean;
  readonly abortSignal?: AbortSignal;
  readonly file?: Readable | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  readonly allowEmpty?: boolean;
}

export type QueryValue = string | number | boolean | readonly string[] | Readonly<Record<string, unknown>> | undefined;

export interface RequestSpec {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** A JSON body (POST). */
  readonly body?: unknown;
  /** A raw body: a tar stream or buffer. */
  readonly upload?: Readable | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  /** Treat 304 (already in that state) as success. */
  readonly allowNotModified?: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly context: Omit<ErrorContext, 'endpoint'>;
}

/** The Docker API version stack is written against; stackd serves it too. */
export const preferredApiVersion = '1.41';
/** The oldest engine API whose behaviour stack relies on (Docker 19.03). */
export const oldestApiVersion = '1.40';

const success: Readonly<Record<number, boolean>> = { 200: true, 201: true, 204: true };
const successOrNotModified: Readonly<Record<number, boolean>> = { ...success, 304: true };

export class DockerApi {
  readonly endpoint: RuntimeEndpoint;
  readonly #modem: Modem;
  #negotiation: Promise<string> | undefined;

  constructor(modem: Modem, endpoint: RuntimeEndpoint) {
    this.#modem = modem;
    this.endpoint = endpoint;
  }

  /** A JSON (or empty) answer. */
  async json<T>(spec: RequestSpec): Promise<T | undefined> {
    const data = await this.#dial(spec, {});
    if (Buffer.isBuffer(data)) return data.length === 0 ? undefined : (data.toString('utf8') as T);
    return (data ?? undefined) as T | undefined;
  }

  /** The response as a stream, once its headers are in. */
  async stream(spec: RequestSpec): Promise<IncomingMessage> {
    return (await this.#dial(spec, { isStream: true })) as IncomingMessage;
  }

  /**
   * An upgraded connection (attach, exec start): the raw duplex socket. The
   * request itself is always ended, so its headers go out at once (Node holds
   * them until the first write or the end); stdin is then written to the
   * socket, which stays open after the upgrade.
   */
  async hijack(spec: RequestSpec): Promise<Duplex> {
    return (await this.#dial(spec, { isStream: true, hijack: true })) as Duplex;
  }

  /** The API version to speak, asked of the engine once and shared by every call. */
  apiVersion(signal?: AbortSignal): Promise<string> {
    if (!this.#negotiation) {
      const pending = this.#negotiate();
      this.#negotiation = pending;
      // A failed negotiation (engine down) is retried by the next call.
      pending.catch(() => {
        if (this.#negotiation === pending) this.#negotiation = undefined;
      });
    }
    return raceSignal(this.#negotiation, signal);
  }

  async #negotiate(): Promise<string> {
    const context = { action: 'ask the API version of the engine', endpoint: this.endpoint };
    let data: unknown;
    try {
      data = await dialRaw(this.#modem, request({ method: 'GET', path: '/version', context }, {}));
    } catch (error) {
      throw mapError(error, context);
    }
    if (data === null || typeof data !== 'object' || Buffer.isBuffer(data)) {
      throw new StackError({
        code: 'STK5017',
        errorClass: 'Unavailable',
        message: `${this.endpoint.address} answered GET /version with something that is not a Docker engine's answer`,
        hint: 'check that DOCKER_HOST points at a Docker Engine or at stackd, not at another HTTP server',
      });
    }
    const info = data as { ApiVersion?: unknown; MinAPIVersion?: unknown };
    const version = chooseApiVersion(typeof info.ApiVersion === 'string' ? info.ApiVersion : undefined, typeof info.MinAPIVersion === 'string' ? info.MinAPIVersion : undefined);
    if (!version) {
      throw new StackError({
        code: 'STK5004',
        errorClass: 'FailedPrecondition',
        message: `the engine at ${this.endpoint.address} speaks Docker API ${String(info.MinAPIVersion ?? '?')}–${String(info.ApiVersion ?? '?')}; stack needs ${oldestApiVersion} or later`,
        hint: 'upgrade the engine (Docker 19.03 or later), or use the bundled runtime with `--runtime bundled`',
      });
    }
    this.#modem.version = `v${version}`;
    return version;
  }

  async #dial(spec: RequestSpec, mode: { isStream?: boolean; hijack?: boolean }): Promise<unknown> {
    throwIfAborted(spec.signal, resourceOf(spec.context));
    await this.apiVersion(spec.signal);
    const context = { ...spec.context, endpoint: this.endpoint };
    try {
      return await dialRaw(this.#modem, request(spec, mode));
    } catch (error) {
      if (spec.allowNotModified && isNotModified(error)) return undefined;
      throw mapError(error, context);
    }
  }
}

function dialRaw(modem: Modem, options: DialOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    try {
      modem.dial(options, (error, data) => (error ? reject(error) : resolve(data)));
    } catch (error) {
      // docker-modem throws synchronously for some malformed requests.
      reject(error);
    }
  });
}

function request(spec: Omit<RequestSpec, 'context'> & { context: unknown }, mode: { isStream?: boolean; hijack?: boolean }): DialOptions {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec.query ?? {})) if (value !== undefined) query[key] = value;
  const upload = spec.upload === undefined || !(spec.upload instanceof Uint8Array) || Buffer.isBuffer(spec.upload) ? spec.upload : Buffer.from(spec.upload.buffer, spec.upload.byteOffset, spec.upload.byteLength);
  return {
    // A `?` in the path is docker-modem's cue to append the query built from `_query`.
    path: Object.keys(query).length > 0 ? `${spec.path}?` : spec.path,
    method: spec.method,
    // An empty `_body` makes docker-modem send no body at all, as start/stop/wait need.
    options: { _query: query, _body: spec.body ?? {} },
    statusCodes: spec.allowNotModified ? successOrNotModified : success,
    ...(mode.isStream ? { isStream: true } : {}),
    ...(mode.hijack ? { hijack: true, openStdin: false } : {}),
    ...(spec.signal ? { abortSignal: spec.signal } : {}),
    ...(upload !== undefined ? { file: upload as Readable | Buffer } : {}),
    ...(spec.headers ? { headers: spec.headers } : {}),
    // exec start must send its body even when it is small; `{}` is never sent.
    ...(spec.body !== undefined ? { allowEmpty: true } : {}),
  };
}

/** 1.41 when the engine's range allows it, else the nearest version it accepts; undefined when it is too old. */
export function chooseApiVersion(max: string | undefined, min: string | undefined): string | undefined {
  if (!max) return preferredApiVersion;
  if (compareVersions(max, oldestApiVersion) < 0) return undefined;
  if (compareVersions(max, preferredApiVersion) < 0) return max;
  if (min && compareVersions(min, preferredApiVersion) > 0) return min;
  return preferredApiVersion;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function resourceOf(context: Omit<ErrorContext, 'endpoint'>): string | undefined {
  return context.kind && context.name ? `${context.kind}:${context.name}` : undefined;
}

/** Rejects with Canceled when the signal fires first; the shared promise itself runs on. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      try {
        throwIfAborted(signal);
      } catch (error) {
        reject(error);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
