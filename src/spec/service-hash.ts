import { hashValue } from '../base/index.ts';
import type { ServiceConfig } from './types.ts';

/**
 * The part of a service that decides whether its containers must be
 * recreated, as Compose's ServiceHash: the whole service model minus what
 * does not change a container (build, pull_policy, scale, deploy.replicas,
 * depends_on, profiles). File contents are not part of it (the planner adds
 * their digests).
 */
export function serviceHashInput(service: ServiceConfig): Record<string, unknown> {
  const { build: _build, pull_policy: _pull, scale: _scale, depends_on: _deps, profiles: _profiles, ...rest } = service;
  const out: Record<string, unknown> = { ...rest };
  if (service.deploy) {
    const { replicas: _replicas, ...deploy } = service.deploy;
    if (Object.keys(deploy).length > 0) out.deploy = deploy;
    else delete out.deploy;
  }
  return out;
}

/** sha256 (hex) of the canonical JSON of serviceHashInput: the same service gives the same hash whatever its key order. */
export function serviceHash(service: ServiceConfig): string {
  return hashValue(serviceHashInput(service));
}
