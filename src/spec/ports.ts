import { isIP } from 'node:net';

/** A port in Compose's long form, before it is frozen into the Project. */
export interface PortEntry {
  name?: string;
  mode: string;
  host_ip?: string;
  target: number;
  published?: string;
  protocol: string;
  app_protocol?: string;
}

export type PortParse = { readonly ports: PortEntry[] } | { readonly error: string };

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/**
 * The short port syntax `[[ip:](port|range):](port|range)[/protocol]`, as
 * Docker's nat.ParsePortSpec reads it: a container range maps one to one
 * onto a host range of the same length; a single container port with a host
 * range means "any free port of the range".
 */
export function parsePortSpec(spec: string): PortParse {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!PROTOCOLS.has(protocol)) return { error: `"${protocol}" is not a protocol (tcp, udp or sctp)` };
  }
  let ip = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return { error: 'an IPv6 address in brackets must be followed by ":port"' };
    ip = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  let hostPart = '';
  let containerPart: string;
  if (ip !== '') {
    if (parts.length > 2) return { error: 'too many ":" after the IP address' };
    containerPart = parts[parts.length - 1]!;
    hostPart = parts.length === 2 ? parts[0]! : '';
  } else if (parts.length === 1) containerPart = parts[0]!;
  else if (parts.length === 2) [hostPart, containerPart] = [parts[0]!, parts[1]!];
  else if (parts.length === 3) [ip, hostPart, containerPart] = [parts[0]!, parts[1]!, parts[2]!];
  else {
    ip = parts.slice(0, -2).join(':');
    [hostPart, containerPart] = [parts[parts.length - 2]!, parts[parts.length - 1]!];
  }
  if (ip !== '' && isIP(ip) === 0) return { error: `"${ip}" is not an IP address` };
  if (containerPart === '') return { error: 'no container port is given' };
  const container = parseRange(containerPart);
  if (!container) return { error: `"${containerPart}" is not a port or a port range` };
  const host = hostPart === '' ? undefined : parseRange(hostPart);
  if (hostPart !== '' && !host) return { error: `"${hostPart}" is not a port or a port range` };

  const base = (target: number, published: string | undefined): PortEntry => ({
    mode: 'ingress',
    ...(ip !== '' ? { host_ip: ip } : {}),
    target,
    ...(published !== undefined ? { published } : {}),
    protocol,
  });
  const containerCount = container[1] - container[0] + 1;
  if (!host) return { ports: range(container).map((t) => base(t, undefined)) };
  const hostCount = host[1] - host[0] + 1;
  if (containerCount === 1 && hostCount > 1) return { ports: [base(container[0], `${host[0]}-${host[1]}`)] };
  if (containerCount !== hostCount) return { error: `the host range ${hostPart} and the container range ${containerPart} differ in length` };
  return { ports: range(container).map((t, i) => base(t, String(host[0] + i))) };
}

function parseRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return [start, end];
}

function range([start, end]: [number, number]): number[] {
  const out: number[] = [];
  for (let p = start; p <= end; p++) out.push(p);
  return out;
}
