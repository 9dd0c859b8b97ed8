import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** The duplex of a hijacked attach or exec: the client's input (stdin) and our output. */
export interface Hijacked {
  /** What the client sends after the request; ends when it half-closes. Null for a plain (non-upgrade) request. */
  readonly input: Readable | null;
  readonly output: Writable;
  /** Ends our side (FIN); the client may still be sending. */
  end(): void;
}

/**
 * One API request and its answer, whether it came as a plain HTTP request or
 * as an upgrade (attach and exec start: `Connection: Upgrade`, `Upgrade:
 * tcp`). Upgrades are answered by hand on the socket (101, then a raw
 * duplex), so a handler writes the same way in both cases.
 */
export class Exchange {
  readonly req: IncomingMessage;
  readonly method: string;
  /** The path without its `/v1.NN` prefix, percent-decoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** `1.41` when the client named one, else undefined (unversioned). */
  readonly apiVersion: string | undefined;
  /** Fires when the client goes away (or the server shuts down): streams stop, waits end. */
  readonly signal: AbortSignal;
  readonly #res: ServerResponse | undefined;
  readonly #socket: Socket | undefined;
  #head: Buffer;
  #answered = false;
  readonly #abort = new AbortController();

  constructor(req: IncomingMessage, target: { res: ServerResponse } | { socket: Socket; head: Buffer }) {
    this.req = req;
    this.method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://stackd');
    const match = /^\/v(\d+\.\d+)(\/.*)$/.exec(url.pathname);
    this.apiVersion = match?.[1];
    const raw = match ? (match[2] as string) : url.pathname;
    this.path = safeDecode(raw.length > 1 ? raw.replace(/\/+$/, '') : raw);
    this.query = url.searchParams;
    this.signal = this.#abort.signal;
    if ('res' in target) {
      this.#res = target.res;
      this.#head = Buffer.alloc(0);
      target.res.on('close', () => this.#abort.abort());
    } else {
      this.#socket = target.socket;
      this.#head = target.head;
      target.socket.on('close', () => this.#abort.abort());
      target.socket.on('error', () => this.#abort.abort());
    }
  }

  get isUpgrade(): boolean {
    return this.#socket !== undefined;
  }

  get answered(): boolean {
    return this.#answered;
  }

  /** The whole request body (JSON bodies are small). */
  async body(limit = 16 * 1024 * 1024): Promise<Buffer> {
    if (this.#socket) return this.#upgradeBody();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new Error(`request body over ${limit} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  /** The request body as a stream (tar uploads: load, import, archive). */
  bodyStream(): Readable {
    return this.req;
  }

  /** A JSON answer. */
  json(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void {
    this.send(status, Buffer.from(JSON.stringify(value)), { 'Content-Type': 'application/json', ...headers });
  }

  /** An answer with a whole body (or none: 204, 304). */
  send(status: number, body: Buffer | string = '', headers: Readonly<Record<string, string>> = {}): void {
    if (this.#answered) return;
    this.#answered = true;
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const all = { ...headers, ...(status === 204 || status === 304 ? {} : { 'Content-Length': String(bytes.length) }) };
    if (this.#res) {
      this.#res.writeHead(status, all);
      this.#res.end(this.method === 'HEAD' ? undefined : bytes);
      return;
    }
    const socket = this.#socket as Socket;
    socket.write(statusLine(status, { ...all, Connection: 'close' }));
    if (this.method !== 'HEAD' && status !== 204 && status !== 304) socket.write(bytes);
    socket.end();
  }

  /**
   * Starts a streamed answer (events, logs, stats, progress): headers go out
   * now (clients wait for them: a wait registered, a log follow begun), the
   * body follows in chunks.
   */
  stream(status: number, headers: Readonly<Record<string, string>>): Writable {
    this.#answered = true;
    if (this.#res) {
      this.#res.writeHead(status, headers);
      this.#res.flushHeaders();
      return this.#res;
    }
    // An upgrade request answered with a plain stream: close-delimited, as HTTP/1.0 bodies.
    const socket = this.#socket as Socket;
    socket.write(statusLine(status, { ...headers, Connection: 'close' }));
    return socket;
  }

  /**
   * Attach and exec start. An upgrade is answered `101 UPGRADED` and the
   * socket becomes the duplex (half-close: the client ending its input does
   * not end our output). A plain request gets a 200 stream and no input.
   */
  async hijack(contentType: string): Promise<Hijacked> {
    this.#answered = true;
    if (this.#res) {
      const res = this.#res;
      res.writeHead(200, { 'Content-Type': contentType });
      res.flushHeaders();
      return { input: null, output: res, end: () => res.end() };
    }
    const socket = this.#socket as Socket;
    await this.#upgradeBody();
    socket.write(statusLine(101, { 'Content-Type': contentType, Connection: 'Upgrade', Upgrade: 'tcp' }));
    socket.setNoDelay(true);
    const input = new PassThrough();
    if (this.#head.length > 0) input.write(this.#head);
    this.#head = Buffer.alloc(0);
    socket.pipe(input);
    return { input, output: socket, end: () => socket.end() };
  }

  #bodyRead: Promise<Buffer> | undefined;

  /**
   * The body of an upgrade request, from what followed the headers and then
   * the socket: Content-Length bytes, or chunks up to the last (empty) one
   * (Node clients send hijack requests chunked and end them before the
   * stream starts). What comes after the body is the client's input.
   */
  #upgradeBody(): Promise<Buffer> {
    this.#bodyRead ??= new Promise<Buffer>((resolve, reject) => {
      const socket = this.#socket as Socket;
      const chunked = /chunked/i.test(String(this.req.headers['transfer-encoding'] ?? ''));
      const length = Number(this.req.headers['content-length'] ?? 0) || 0;
      const take = (): boolean => {
        if (chunked) {
          const parsed = parseChunked(this.#head);
          if (!parsed) return false;
          this.#head = this.#head.subarray(parsed.consumed);
          resolve(parsed.body);
          return true;
        }
        if (this.#head.length < length) return false;
        const body = this.#head.subarray(0, length);
        this.#head = this.#head.subarray(length);
        resolve(Buffer.from(body));
        return true;
      };
      if (take()) return;
      const onData = (chunk: Buffer): void => {
        this.#head = Buffer.concat([this.#head, chunk]);
        if (take()) {
          socket.off('data', onData);
          socket.off('end', onEnd);
          socket.pause();
        }
      };
      const onEnd = (): void => reject(new Error('the connection ended inside the request body'));
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.resume();
    });
    return this.#bodyRead;
  }
}

/** A whole chunked body at the start of `bytes` (through the last chunk and its trailer), or undefined if incomplete. */
export function parseChunked(bytes: Buffer): { body: Buffer; consumed: number } | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = bytes.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = Number.parseInt(bytes.subarray(at, eol).toString('latin1').split(';')[0]?.trim() ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw new Error('malformed chunked request body');
    if (size === 0) {
      // Trailer lines until an empty one.
      let end = eol + 2;
      for (;;) {
        const next = bytes.indexOf('\r\n', end);
        if (next < 0) return undefined;
        if (next === end) return { body: Buffer.concat(parts), consumed: next + 2 };
        end = next + 2;
      }
    }
    if (bytes.length < eol + 2 + size + 2) return undefined;
    parts.push(bytes.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

function statusLine(status: number, headers: Readonly<Record<string, string>>): string {
  const reason = status === 101 ? 'UPGRADED' : STATUS_CODES[status] ?? 'Status';
  const lines = [`HTTP/1.1 ${status} ${reason}`, `Date: ${new Date().toUTCString()}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
