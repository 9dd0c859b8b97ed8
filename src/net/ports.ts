import { isIP } from 'node:net';
import { StackError } from '../base/errors.ts';
import { compareStrings } from '../base/sort.ts';

/**
 * Published ports: the request (Docker's `PortBindings`, or Compose `ports`
 * after the engine expands ranges), what was bound, and Docker's
 * `NetworkSettings.Ports` shape for inspect.
 */

export type PortProtocol = 'tcp' | 'udp';

export interface PortRequest {
  readonly containerPort: number;
  readonly protocol: PortProtocol;
  /** `''`/absent: 0.0.0.0. */
  readonly hostIp?: string;
  /** 0/absent: the kernel picks a free port. */
  readonly hostPort?: number;
  /** With `hostPort`: the first free port of hostPort..hostPortEnd. */
  readonly hostPortEnd?: number;
}

/** A port that is published now: the listener is bound to hostIp:hostPort. */
export interface PublishedPort {
  readonly containerPort: number;
  readonly protocol: PortProtocol;
  readonly hostIp: string;
  readonly hostPort: number;
}

export const ANY_IPV4 = '0.0.0.0';

function invalidPort(message: string): StackError {
  return new StackError({ code: 'STK6011', errorClass: 'InvalidArgument', message, hint: 'Ports are 1-65535 (0 or empty for a free host port), protocols tcp or udp.' });
}

function isPort(value: number, allowZero: boolean): boolean {
  return Number.isInteger(value) && value >= (allowZero ? 0 : 1) && value <= 65535;
}

/** Checks requests before anything is bound; throws STK6011 on the first bad one. */
export function validatePortRequests(requests: readonly PortRequest[]): void {
  for (const r of requests) {
    const where = `published port ${r.hostIp ? `${r.hostIp}:` : ''}${r.hostPort ?? ''}${r.hostPortEnd ? `-${r.hostPortEnd}` : ''}->${r.containerPort}/${r.protocol}`;
    if (r.protocol !== 'tcp' && r.protocol !== 'udp') throw invalidPort(`${where}: protocol "${String(r.protocol)}" is not supported`);
    if (!isPort(r.containerPort, false)) throw invalidPort(`${where}: container port ${r.containerPort} is not a port`);
    if (r.hostPort !== undefined && !isPort(r.hostPort, true)) throw invalidPort(`${where}: host port ${r.hostPort} is not a port`);
    if (r.hostPortEnd !== undefined && (!isPort(r.hostPortEnd, false) || !r.hostPort || r.hostPortEnd < r.hostPort)) throw invalidPort(`${where}: the host port range is not valid`);
    if (r.hostIp && isIP(r.hostIp) === 0) throw invalidPort(`${where}: host address "${r.hostIp}" is not an IP address`);
  }
}

/**
 * Docker API `HostConfig.PortBindings` (`{"80/tcp": [{"HostIp": "", "HostPort": "8000-8010"}]}`)
 * as requests, sorted by key so the same map always binds in the same order.
 */
export function portRequestsFromBindings(bindings: Readonly<Record<string, readonly { readonly HostIp?: string; readonly HostPort?: string }[] | null>> | undefined): PortRequest[] {
  const requests: PortRequest[] = [];
  for (const key of Object.keys(bindings ?? {}).sort(compareStrings)) {
    const [portText = '', protocolText = 'tcp'] = key.split('/');
    const containerPort = Number(portText);
    const protocol = protocolText.toLowerCase() as PortProtocol;
    for (const binding of bindings?.[key] ?? []) {
      const hostPortText = binding.HostPort?.trim() ?? '';
      const [start = '', end] = hostPortText.split('-');
      const hostPort = start === '' ? 0 : Number(start);
      const request: PortRequest = { containerPort, protocol, hostIp: binding.HostIp ?? '', hostPort, ...(end !== undefined ? { hostPortEnd: Number(end) } : {}) };
      if (!/^\d*$/.test(start) || (end !== undefined && !/^\d+$/.test(end)) || !/^\d+$/.test(portText)) throw invalidPort(`port binding "${key}" -> "${hostPortText}" is not valid`);
      requests.push(request);
    }
  }
  validatePortRequests(requests);
  return requests;
}

/** Docker's `NetworkSettings.Ports`: published ports with their bindings, exposed-only ports as null. */
export function dockerPortMap(published: readonly PublishedPort[], exposed: readonly string[] = []): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const map: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const key of exposed) map[key.includes('/') ? key : `${key}/tcp`] = null;
  for (const port of published) {
    const key = `${port.containerPort}/${port.protocol}`;
    (map[key] ??= []).push({ HostIp: port.hostIp, HostPort: String(port.hostPort) });
  }
  return map;
}
