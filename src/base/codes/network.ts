import type { CodeTable } from './types.ts';

/** STK6xxx: Networking: bridges, addresses, ports, DNS. Add new codes at the end; never renumber. */
export const networkCodes: CodeTable = {
  STK6001: { name: 'NetworkNotFound', summary: 'No network has that name or id (or the id prefix is ambiguous).' },
  STK6002: { name: 'NetworkExists', summary: 'A network with that name already exists.' },
  STK6003: { name: 'NetworkInUse', summary: 'The network still has containers attached, so it cannot be removed.' },
  STK6004: { name: 'SubnetPoolExhausted', summary: 'Every subnet of the address pool is taken by a host route, a host address or another network.' },
  STK6005: { name: 'SubnetOverlap', summary: 'The requested subnet overlaps the subnet of another network of this runtime.' },
  STK6006: { name: 'InvalidIpam', summary: 'A requested subnet, gateway, address range or address is not valid.' },
  STK6007: { name: 'AddressPoolExhausted', summary: 'The network has no free address left for another container.' },
  STK6008: { name: 'AddressInUse', summary: 'The requested container address is already used on that network.' },
  STK6009: { name: 'PortInUse', summary: 'A published host port is already in use on the host.' },
  STK6010: { name: 'HostAddressUnavailable', summary: 'A published port names a host address that this host does not have.' },
  STK6011: { name: 'InvalidPortMapping', summary: 'A published port, port range or protocol is not valid.' },
  STK6012: { name: 'NetworkCommandFailed', summary: 'An ip or iptables command failed while changing the host network.' },
  STK6013: { name: 'NetworkToolMissing', summary: 'A tool the bundled runtime needs for networking (ip, iptables-restore) is not installed.' },
  STK6014: { name: 'ContainerNotAttached', summary: 'The container has no network record, or is not connected to that network.' },
  STK6015: { name: 'ContainerAlreadyAttached', summary: 'The container already has a network record, or is already connected to that network.' },
  STK6016: { name: 'NetworkModeConflict', summary: 'The operation does not fit the container\'s network mode (host or none).' },
  STK6017: { name: 'DnsUnavailable', summary: 'The embedded DNS server could not listen on the network\'s gateway address.' },
  STK6018: { name: 'InvalidExtraHost', summary: 'An extra_hosts entry is not of the form name:address.' },
  STK6019: { name: 'InvalidNetworkRequest', summary: 'A network create request is not valid: its name, driver or options.' },
  STK6020: { name: 'PredefinedNetwork', summary: 'The predefined networks (bridge, host, none) cannot be created or removed.' },
  STK6021: { name: 'NetworkStateUnreadable', summary: 'A network record under the state root cannot be read or parsed.' },
  STK6022: { name: 'NetworkPermissionDenied', summary: 'Changing the host network needs root (CAP_NET_ADMIN).' },
};
