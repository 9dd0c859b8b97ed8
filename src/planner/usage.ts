import { compareStrings } from '../base/index.ts';
import type { ServiceConfig } from '../spec/index.ts';

/**
 * Which networks and named volumes a service uses, by compose key. A service
 * with no `networks:` and no `network_mode` joins `default`, as in Compose;
 * a `network_mode` (host, none, bridge, `service:x`, `container:x`) means it
 * joins no project network.
 */
export function serviceNetworkKeys(service: ServiceConfig): string[] {
  if (service.network_mode !== undefined) return [];
  if (service.networks === undefined) return ['default'];
  return Object.keys(service.networks).sort(compareStrings);
}

/** Keys of the named volumes a service mounts (`type: volume` with a source); anonymous volumes have none. */
export function serviceVolumeKeys(service: ServiceConfig): string[] {
  const keys = new Set<string>();
  for (const volume of service.volumes ?? []) {
    if (volume.type === 'volume' && volume.source !== undefined && volume.source !== '') keys.add(volume.source);
  }
  return [...keys].sort(compareStrings);
}
