import type { CodeTable } from './types.ts';

/** STK4xxx: Planning. Add new codes at the end; never renumber. */
export const planCodes: CodeTable = {
  STK4001: { name: 'DependencyCycle', summary: 'Services depend on each other in a circle (depends_on, links, volumes_from, network_mode/ipc/pid `service:`), so none can start first.' },
  STK4002: { name: 'DependencyDisabled', summary: 'A service requires another that a profile disables; enable the profile or mark the dependency `required: false`.' },
  STK4003: { name: 'DependencyMissing', summary: 'A service depends on a service the project does not define.' },
  STK4004: { name: 'OrphanContainers', summary: 'Warning: containers of this project belong to services no longer defined; `--remove-orphans` removes them.' },
  STK4005: { name: 'ScaledContainerName', summary: 'A service with a fixed `container_name` cannot run more than one replica.' },
  STK4006: { name: 'ImageUnavailable', summary: 'A service needs an image that is not present and the pull policy or `--no-build` forbids getting it.' },
  STK4007: { name: 'VolumeDiverged', summary: 'Warning: a volume exists with a different configuration; it is kept, because recreating it would lose its data.' },
  STK4008: { name: 'ContainerPaused', summary: 'Warning: a container is paused; it is kept as it is until it is unpaused.' },
  STK4009: { name: 'UnknownService', summary: 'A service named on the command line is not defined in the project.' },
  STK4010: { name: 'ServiceDisabled', summary: 'A service named on the command line is disabled by a profile.' },
  STK4011: { name: 'UndeclaredNetwork', summary: 'A service uses a network that the project does not declare.' },
  STK4012: { name: 'UndeclaredVolume', summary: 'A service mounts a named volume that the project does not declare.' },
  STK4013: { name: 'OrphanNetworkInUse', summary: 'Warning: a network of this project is no longer declared but a container still uses it, so it is kept.' },
  STK4014: { name: 'PeerMissing', summary: 'A service joins or links a container of another service (network_mode/ipc/pid `service:`, volumes_from, links) that will have none.' },
  STK4015: { name: 'JoinedContainerGone', summary: 'Warning: a container outside the targets must be stopped (its network is recreated) and cannot start again, because a container it joined is replaced.' },
};
