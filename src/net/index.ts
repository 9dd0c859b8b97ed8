/**
 * src/net: stackd's networking. The daemon uses the NetworkManager; the
 * rest is exported for its API layer (Docker shapes, port bindings) and for
 * `stack runtime stop` (cleanupInstance). See README.md.
 */
export { NetworkManager, type NetworkManagerOptions } from './network-manager.ts';
export { cleanupInstance, type CleanupReport } from './cleanup-instance.ts';
export type { DockerNetwork, DockerEndpointSettings } from './docker-shapes.ts';
export { predefinedNetworkId } from './docker-shapes.ts';
export { defaultSubnetPools, type SubnetPool } from './ipam.ts';
export { dockerPortMap, portRequestsFromBindings, type PortProtocol, type PortRequest, type PublishedPort } from './ports.ts';
export type {
  AttachmentRecord,
  AttachRequest,
  ContainerNetworkConfig,
  CreateNetworkRequest,
  EndpointInfo,
  EndpointRecord,
  NetworkAttachRequest,
  NetworkMode,
  NetworkRecord,
} from './types.ts';
export { parseExtraHosts, renderEtcHosts, type ExtraHost } from './etc-hosts.ts';
export { parseResolvConf, renderResolvConf, type ResolvConf } from './resolv-conf.ts';
