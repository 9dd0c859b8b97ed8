import type { Daemon } from '../daemon.ts';
import type { Route } from './router.ts';
import { archiveRoutes } from './routes-archive.ts';
import { containerIoRoutes } from './routes-container-io.ts';
import { containerRoutes } from './routes-containers.ts';
import { execRoutes } from './routes-exec.ts';
import { imageRoutes } from './routes-images.ts';
import { networkRoutes } from './routes-networks.ts';
import { systemRoutes } from './routes-system.ts';
import { volumeRoutes } from './routes-volumes.ts';

/** Every endpoint stackd serves, in match order (fixed paths before `{id}` patterns within each group). */
export function apiRoutes(daemon: Daemon): Route[] {
  return [
    ...systemRoutes(daemon),
    ...containerRoutes(daemon),
    ...containerIoRoutes(daemon),
    ...archiveRoutes(daemon),
    ...execRoutes(daemon),
    ...imageRoutes(daemon),
    ...volumeRoutes(daemon),
    ...networkRoutes(daemon),
  ];
}
