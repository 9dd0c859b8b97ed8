import { StackError } from '../../../base/index.ts';

/**
 * The read side of the OCI distribution API (what a pull needs): manifests
 * and blobs, with Bearer token and Basic auth on 401. Loopback registries
 * speak plain HTTP (Docker treats 127.0.0.0/8 as insecure by default); the
 * rest HTTPS. Failures carry dockerd's wording (`dial tcp`, `manifest
 * unknown`) so clients classify them as they do Docker's.
 */

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface RegistryTarget {
  /** `127.0.0.1:5000`, `registry-1.docker.io`. */
  readonly host: string;
  readonly repository: string;
  readonly insecure: boolean;
}

export function registryTarget(domain: string, repository: string): RegistryTarget {
  const host = domain === 'docker.io' ? 'registry-1.docker.io' : domain;
  const bare = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const insecure = bare === 'localhost' || /^127\./.test(bare) || bare === '::1';
  return { host, repository, insecure };
}

export class RegistryClient {
  readonly #target: RegistryTarget;
  readonly #auth: string | undefined;
  #token: string | undefined;

  /** `auth`: the X-Registry-Auth header's credentials (`{username, password}`), if any. */
  constructor(target: RegistryTarget, auth?: { readonly username?: string; readonly password?: string }) {
    this.#target = target;
    this.#auth = auth?.username ? Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64') : undefined;
  }

  get base(): string {
    return `${this.#target.insecure ? 'http' : 'https'}://${this.#target.host}/v2/${this.#target.repository}`;
  }

  async manifest(reference: string, signal: AbortSignal): Promise<{ bytes: Buffer; mediaType: string; digest: string | undefined }> {
    const response = await this.#get(`${this.base}/manifests/${reference}`, { Accept: MANIFEST_ACCEPT }, signal);
    const bytes = Buffer.from(await response.arrayBuffer());
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    return { bytes, mediaType, digest: response.headers.get('docker-content-digest') ?? undefined };
  }

  async blob(digest: string, signal: AbortSignal): Promise<Response> {
    return this.#get(`${this.base}/blobs/${digest}`, {}, signal);
  }

  async #get(url: string, headers: Record<string, string>, signal: AbortSignal, retried = false): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, { headers: { ...headers, ...(this.#token ? { Authorization: `Bearer ${this.#token}` } : this.#auth ? { Authorization: `Basic ${this.#auth}` } : {}) }, signal, redirect: 'follow' });
    } catch (error) {
      if (signal.aborted) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code === 'ECONNREFUSED' ? 'connect: connection refused' : cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN' ? 'no such host' : cause?.message ?? (error as Error).message;
      throw registryError('Unavailable', `Get "${url}": dial tcp ${this.#target.host}: ${why}`, 'Check the registry address and that it is running; stackd pulls over HTTPS, and over HTTP from 127.0.0.0/8.');
    }
    if (response.status === 401 && !retried) {
      const challenge = response.headers.get('www-authenticate') ?? '';
      await response.body?.cancel();
      if (/^bearer /i.test(challenge)) {
        this.#token = await this.#fetchToken(challenge, signal);
        return this.#get(url, headers, signal, true);
      }
      if (/^basic /i.test(challenge) && this.#auth) return this.#get(url, headers, signal, true);
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    if (response.status === 404) throw registryError('NotFound', `${url.includes('/manifests/') ? 'manifest' : 'blob'} for ${this.#target.host}/${this.#target.repository} not found: manifest unknown: ${text.slice(0, 200)}`, 'Check the image name and tag (the registry has no such manifest).');
    if (response.status === 401 || response.status === 403) throw registryError('PermissionDenied', `pull access denied for ${this.#target.host}/${this.#target.repository}: unauthorized: ${text.slice(0, 200)}`, 'Log in to the registry, or check that the repository exists.');
    throw registryError('Unavailable', `registry ${this.#target.host} answered ${response.status} for ${url}: ${text.slice(0, 200)}`, 'Try again later; the registry may be overloaded.');
  }

  async #fetchToken(challenge: string, signal: AbortSignal): Promise<string> {
    const params = Object.fromEntries([...challenge.slice('bearer '.length).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]));
    if (!params.realm) throw registryError('PermissionDenied', `the registry ${this.#target.host} asked for a token without a realm`, 'Check the registry configuration.');
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${this.#target.repository}:pull`);
    const response = await fetch(url, { headers: this.#auth ? { Authorization: `Basic ${this.#auth}` } : {}, signal }).catch((error: unknown) => {
      if (signal.aborted) throw error;
      throw registryError('Unavailable', `Get "${url.origin}": dial tcp: ${(error as Error).message}`, 'Check that the registry\'s token service is reachable.');
    });
    if (!response.ok) throw registryError('PermissionDenied', `the token service of ${this.#target.host} refused access (${response.status})`, 'Log in to the registry, or check the repository name.');
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw registryError('PermissionDenied', `the token service of ${this.#target.host} returned no token`, 'Check the registry configuration.');
    return token;
  }
}

export function registryError(errorClass: 'Unavailable' | 'NotFound' | 'PermissionDenied' | 'InvalidArgument', message: string, hint: string): StackError {
  return new StackError({ code: 'STK5309', errorClass, message, hint });
}
