import { toRuntimeInfo, toRuntimeVersion } from './convert-resources.ts';
import type { DockerApi } from './docker-api.ts';
import type { CallOptions } from './runtime-client.ts';
import type { RuntimeInfo, RuntimeVersion } from './runtime-types.ts';

/** ping, version, info: about the engine itself. */

export async function ping(api: DockerApi, options: CallOptions = {}): Promise<void> {
  await api.json({ method: 'GET', path: '/_ping', signal: options.signal, context: { action: 'ping the engine' } });
}

export async function version(api: DockerApi, options: CallOptions = {}): Promise<RuntimeVersion> {
  const raw = await api.json({ method: 'GET', path: '/version', signal: options.signal, context: { action: 'ask the version of the engine' } });
  return toRuntimeVersion(raw, await api.apiVersion(options.signal));
}

export async function info(api: DockerApi, options: CallOptions = {}): Promise<RuntimeInfo> {
  return toRuntimeInfo(await api.json({ method: 'GET', path: '/info', signal: options.signal, context: { action: 'ask the engine about itself' } }));
}
