import { compareStrings } from '../../base/index.ts';
import {
  asArray, asBoolean, asNumber, asOptionalStringArray, asRecord, asString, asStringArray, asStringRecord, nonEmpty, optional, parseTime,
  secondsToMs, type JsonRecord,
} from './json-read.ts';
import type { ContainerState } from './runtime-client.ts';
import type { ContainerDetails, ContainerMount, ContainerNetwork, ContainerSummary, HealthStatus, PortMapping, PortProtocol } from './runtime-types.ts';

/** Docker's container JSON (list and inspect) to ours. */

const states: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

export function toContainerSummary(raw: unknown): ContainerSummary {
  const r = asRecord(raw);
  const status = asString(r.Status) ?? '';
  const state = toState(r.State);
  return {
    id: asString(r.Id) ?? '',
    name: stripSlash(asStringArray(r.Names)[0] ?? ''),
    image: asString(r.Image) ?? '',
    imageId: asString(r.ImageID) ?? '',
    command: asString(r.Command) ?? '',
    labels: asStringRecord(r.Labels),
    state,
    status,
    created: secondsToMs(r.Created),
    ...optional('exitCode', state === 'exited' || state === 'dead' ? exitCodeFromStatus(status) : undefined),
    ...optional('health', healthFromStatus(status)),
    ports: sortPorts(asArray(r.Ports).map(listPort)),
    networks: toNetworks(asRecord(r.NetworkSettings).Networks),
    mounts: asArray(r.Mounts).map(toMount),
  };
}

export function toContainerDetails(raw: unknown): ContainerDetails {
  const r = asRecord(raw);
  const s = asRecord(r.State);
  const config = asRecord(r.Config);
  const host = asRecord(r.HostConfig);
  const health = asRecord(s.Health);
  const state = toState(s.Status);
  const healthStatus = toHealth(health.Status);
  const policy = asRecord(host.RestartPolicy);
  return {
    id: asString(r.Id) ?? '',
    name: stripSlash(asString(r.Name) ?? ''),
    image: asString(config.Image) ?? '',
    imageId: asString(r.Image) ?? '',
    labels: asStringRecord(config.Labels),
    state,
    created: parseTime(r.Created) ?? 0,
    ...optional('exitCode', state === 'exited' || state === 'dead' || state === 'restarting' ? asNumber(s.ExitCode) : undefined),
    ...optional('health', healthStatus),
    ports: inspectPorts(asRecord(r.NetworkSettings).Ports, config.ExposedPorts),
    networks: toNetworks(asRecord(r.NetworkSettings).Networks),
    mounts: asArray(r.Mounts).map(toMount),
    running: asBoolean(s.Running),
    paused: asBoolean(s.Paused),
    restarting: asBoolean(s.Restarting),
    oomKilled: asBoolean(s.OOMKilled),
    pid: asNumber(s.Pid) ?? 0,
    ...optional('error', nonEmpty(s.Error)),
    ...optional('startedAt', parseTime(s.StartedAt)),
    ...optional('finishedAt', parseTime(s.FinishedAt)),
    restartCount: asNumber(r.RestartCount) ?? 0,
    healthLog: asArray(health.Log).map((entry) => {
      const e = asRecord(entry);
      return { start: parseTime(e.Start) ?? 0, end: parseTime(e.End) ?? 0, exitCode: asNumber(e.ExitCode) ?? -1, output: asString(e.Output) ?? '' };
    }),
    failingStreak: asNumber(health.FailingStreak) ?? 0,
    config: {
      hostname: asString(config.Hostname) ?? '',
      user: asString(config.User) ?? '',
      env: asStringArray(config.Env),
      cmd: asOptionalStringArray(config.Cmd),
      entrypoint: asOptionalStringArray(config.Entrypoint),
      workingDir: asString(config.WorkingDir) ?? '',
      tty: asBoolean(config.Tty),
      openStdin: asBoolean(config.OpenStdin),
      ...optional('stopSignal', nonEmpty(config.StopSignal)),
      ...optional('stopTimeout', asNumber(config.StopTimeout)),
      hasHealthcheck: hasHealthcheck(config.Healthcheck),
    },
    restartPolicy: { name: asString(policy.Name) || 'no', maximumRetryCount: asNumber(policy.MaximumRetryCount) ?? 0 },
    networkMode: asString(host.NetworkMode) ?? '',
    raw: r,
  };
}

function toState(value: unknown): ContainerState {
  const s = asString(value);
  return states.find((state) => state === s) ?? 'dead';
}

function toHealth(value: unknown): HealthStatus | undefined {
  return value === 'starting' || value === 'healthy' || value === 'unhealthy' ? value : undefined;
}

/** List results carry health only in the status text: `Up 3 minutes (health: starting)`. */
export function healthFromStatus(status: string): HealthStatus | undefined {
  if (/\(health: starting\)/.test(status)) return 'starting';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(healthy\)/.test(status)) return 'healthy';
  return undefined;
}

/** `Exited (137) 5 seconds ago` → 137. */
export function exitCodeFromStatus(status: string): number | undefined {
  const match = /^Exited \((-?\d+)\)/.exec(status);
  return match ? Number(match[1]) : undefined;
}

function hasHealthcheck(value: unknown): boolean {
  const test = asStringArray(asRecord(value).Test);
  return test.length > 0 && test[0] !== 'NONE';
}

function stripSlash(name: string): string {
  return name.startsWith('/') ? name.slice(1) : name;
}

function toProtocol(value: unknown): PortProtocol {
  return value === 'udp' || value === 'sctp' ? value : 'tcp';
}

function listPort(raw: unknown): PortMapping {
  const p = asRecord(raw);
  const hostPort = asNumber(p.PublicPort);
  return {
    containerPort: asNumber(p.PrivatePort) ?? 0,
    protocol: toProtocol(p.Type),
    ...optional('hostIp', hostPort !== undefined ? nonEmpty(p.IP) : undefined),
    ...optional('hostPort', hostPort),
  };
}

/** `{"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}], "443/tcp": null}`, plus exposed ports not published. */
function inspectPorts(ports: unknown, exposed: unknown): PortMapping[] {
  const out: PortMapping[] = [];
  const seen = new Set<string>();
  for (const [key, bindings] of Object.entries(asRecord(ports))) {
    seen.add(key);
    const [port, proto] = key.split('/');
    const base = { containerPort: Number(port), protocol: toProtocol(proto) };
    const list = asArray(bindings);
    if (list.length === 0) out.push(base);
    for (const binding of list) {
      const b = asRecord(binding);
      const hostPort = Number(asString(b.HostPort));
      out.push({ ...base, ...optional('hostIp', nonEmpty(b.HostIp)), ...optional('hostPort', Number.isInteger(hostPort) && hostPort > 0 ? hostPort : undefined) });
    }
  }
  // A stopped container has no NetworkSettings.Ports; its exposed ports still belong in the answer.
  for (const key of Object.keys(asRecord(exposed))) {
    if (seen.has(key)) continue;
    const [port, proto] = key.split('/');
    out.push({ containerPort: Number(port), protocol: toProtocol(proto) });
  }
  return sortPorts(out);
}

function sortPorts(ports: PortMapping[]): PortMapping[] {
  return ports.sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      compareStrings(a.protocol, b.protocol) ||
      compareStrings(a.hostIp ?? '', b.hostIp ?? '') ||
      (a.hostPort ?? 0) - (b.hostPort ?? 0),
  );
}

function toNetworks(value: unknown): ContainerNetwork[] {
  return Object.entries(asRecord(value))
    .map(([name, raw]) => {
      const n: JsonRecord = asRecord(raw);
      return {
        name,
        networkId: asString(n.NetworkID) ?? '',
        ...optional('ipAddress', nonEmpty(n.IPAddress)),
        ...optional('ipPrefixLen', asNumber(n.IPPrefixLen) || undefined),
        ...optional('gateway', nonEmpty(n.Gateway)),
        ...optional('ipv6Address', nonEmpty(n.GlobalIPv6Address)),
        ...optional('macAddress', nonEmpty(n.MacAddress)),
        aliases: asStringArray(n.Aliases),
      };
    })
    .sort((a, b) => compareStrings(a.name, b.name));
}

function toMount(raw: unknown): ContainerMount {
  const m = asRecord(raw);
  const type = asString(m.Type);
  return {
    type: type === 'volume' || type === 'tmpfs' || type === 'npipe' || type === 'cluster' ? type : 'bind',
    ...optional('name', nonEmpty(m.Name)),
    source: asString(m.Source) ?? '',
    destination: asString(m.Destination) ?? '',
    readOnly: m.RW === false,
    ...optional('driver', nonEmpty(m.Driver)),
  };
}
