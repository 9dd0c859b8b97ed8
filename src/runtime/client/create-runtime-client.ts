import { readFile } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { inspect } from 'node:util';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StackError } from '../../base/index.ts';
import { DockerApi, type Modem } from './docker-api.ts';
import { DockerClient } from './docker-client.ts';
import type { RuntimeClient } from './runtime-client.ts';
import type { RuntimeEndpoint, RuntimeKind } from './runtime-types.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface CreateRuntimeClientOptions {
  readonly runtime: RuntimeKind;
  /** Where DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and STACK_ROOT are read from (not process.env, so tests and the CLI decide). */
  readonly env: Env;
  /** A unix socket to use instead of what env says. */
  readonly socketPath?: string;
}

/** Docker's default when DOCKER_HOST is unset. */
export const defaultDockerSocket = '/var/run/docker.sock';

/**
 * stackd's socket. Its lifecycle (start on demand, stop) comes with stackd
 * itself; this only says where it listens.
 */
export function bundledSocketPath(env: Env): string {
  return env.STACK_ROOT ? join(env.STACK_ROOT, 'run', 'stackd.sock') : '/run/stack/stackd.sock';
}

/** How to reach the engine: a unix socket, or a host and port with or without TLS. */
export type Connection =
  | { readonly kind: 'socket'; readonly socketPath: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly tls: boolean; readonly certPath?: string };

/** Pure: the endpoint and connection the options name, or STK5003 for an address stack cannot use. */
export function resolveEndpoint(options: CreateRuntimeClientOptions): { readonly endpoint: RuntimeEndpoint; readonly connection: Connection } {
  const { runtime, env } = options;
  const socket = (socketPath: string) => ({
    endpoint: { runtime, address: `unix://${socketPath}`, socketPath },
    connection: { kind: 'socket' as const, socketPath },
  });
  if (options.socketPath) return socket(options.socketPath);
  if (runtime === 'bundled') return socket(bundledSocketPath(env));
  const dockerHost = env.DOCKER_HOST?.trim();
  if (!dockerHost) return socket(defaultDockerSocket);
  if (dockerHost.startsWith('unix://')) return socket(dockerHost.slice('unix://'.length) || defaultDockerSocket);
  const withScheme = dockerHost.includes('://') ? dockerHost : `tcp://${dockerHost}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch (error) {
    throw invalidHost(dockerHost, 'it is not a URL', error);
  }
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol)) throw invalidHost(dockerHost, `the ${url.protocol.slice(0, -1)}:// scheme is not supported`);
  if (!url.hostname) throw invalidHost(dockerHost, 'it names no host');
  const tls = url.protocol === 'https:' || (env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0');
  const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const certPath = tls ? env.DOCKER_CERT_PATH || join(env.HOME || homedir(), '.docker') : undefined;
  return {
    endpoint: { runtime, address: `tcp://${url.host || `${host}:${port}`}` },
    connection: { kind: 'tcp', host, port, tls, ...(certPath ? { certPath } : {}) },
  };
}

function invalidHost(value: string, why: string, cause?: unknown): StackError {
  return new StackError({
    code: 'STK5003',
    errorClass: 'InvalidArgument',
    message: `DOCKER_HOST="${value}" cannot be used: ${why}`,
    hint: 'set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port, or unset it to use /var/run/docker.sock',
    cause,
  });
}

/**
 * A RuntimeClient for Docker or stackd. dockerode is imported here, on first
 * use, so commands that never talk to an engine do not pay for loading it.
 */
export async function createRuntimeClient(options: CreateRuntimeClientOptions): Promise<RuntimeClient & Disposable> {
  const { endpoint, connection } = resolveEndpoint(options);
  const tls = connection.kind === 'tcp' && connection.tls ? await readTls(connection.certPath ?? '', options.env) : undefined;
  const agent = tls ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  // docker-modem logs every request with util.inspect(options, { showHidden: true, depth: null }), debug
  // enabled or not, and the options hold this agent: with its sockets (a followed log or event stream each)
  // that walk took tens of milliseconds per request. The agent shows itself as one word instead.
  Object.defineProperty(agent, inspect.custom, { value: () => `[${agent.constructor.name}]` });
  const { default: Docker } = await import('dockerode');
  // Every field is given, even as undefined: docker-modem merges in defaults it reads from process.env, which must not win over `env`.
  const docker = new Docker({
    socketPath: connection.kind === 'socket' ? connection.socketPath : undefined,
    host: connection.kind === 'tcp' ? connection.host : undefined,
    port: connection.kind === 'tcp' ? connection.port : undefined,
    protocol: tls ? 'https' : 'http',
    ca: tls?.ca,
    cert: tls?.cert,
    key: tls?.key,
    timeout: undefined,
    version: undefined,
    agent,
  } as ConstructorParameters<typeof Docker>[0]);
  // dockerode types its modem as `any`; Modem names the one method we call.
  const api = new DockerApi(docker.modem as Modem, endpoint);
  return new DisposableDockerClient(api, () => agent.destroy());
}

class DisposableDockerClient extends DockerClient implements Disposable {
  readonly #close: () => void;
  constructor(api: DockerApi, close: () => void) {
    super(api);
    this.#close = close;
  }
  /** Closes its connections, in-flight calls and streams included. Idle connections never keep the process alive, so this is tidiness, not a must. */
  [Symbol.dispose](): void {
    this.#close();
  }
}

async function readTls(certPath: string, env: Env): Promise<{ ca: Buffer; cert: Buffer; key: Buffer }> {
  try {
    const [ca, cert, key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((file) => readFile(join(certPath, file))));
    return { ca: ca as Buffer, cert: cert as Buffer, key: key as Buffer };
  } catch (error) {
    throw new StackError({
      code: 'STK5003',
      errorClass: 'InvalidArgument',
      message: `TLS is on for DOCKER_HOST="${env.DOCKER_HOST ?? ''}" but the certificates in ${certPath} cannot be read (${(error as Error).message})`,
      hint: 'set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY for a plain tcp:// engine',
      cause: error,
    });
  }
}
