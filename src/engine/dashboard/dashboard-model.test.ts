import { describe, expect, it } from 'vitest';
import type { ContainerDetails, ContainerSummary, RuntimeEvent } from '../../runtime/client/index.ts';
import type { Project } from '../../spec/index.ts';
import { loadMemory } from '../../spec/testing/load-memory.ts';
import { containerSummary } from '../testing/container-summary.ts';
import { eventMeaning, publishedPorts, serviceSnapshotsOf, stateAfter } from './dashboard-model.ts';

function project(text: string): Project {
  const result = loadMemory({ '/p/compose.yaml': text });
  if (!result.project) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.project;
}

const demo = project(`
name: demo
services:
  web:
    image: busybox:1
    scale: 2
  db:
    image: busybox:1
  job:
    build: .
`);

function summary(name: string, service: string, number: number, extra: Partial<ContainerSummary> = {}, labels: Record<string, string> = {}): ContainerSummary {
  return containerSummary({
    id: `id-${name}`,
    name,
    image: 'busybox:1',
    labels: { 'com.docker.compose.project': 'demo', 'com.docker.compose.service': service, 'com.docker.compose.container-number': String(number), ...labels },
    ...extra,
  });
}

const details = (startedAt: number, restartCount: number) => ({ startedAt, restartCount }) as ContainerDetails;

describe('serviceSnapshotsOf', () => {
  it('gives every service of the file a row, with its containers in replica order, start times and restart counts from the inspect', () => {
    const rows = serviceSnapshotsOf(demo, [
      { summary: summary('demo-web-2', 'web', 2), details: details(2000, 0) },
      { summary: summary('demo-web-1', 'web', 1, { health: 'healthy' }), details: details(1000, 3), restarts: 4 },
      { summary: summary('demo-db-1', 'db', 1, { state: 'exited', exitCode: 137 }), details: details(500, 0) },
    ]);
    expect(rows.map((r) => r.name)).toEqual(['db', 'job', 'web']);
    expect(rows[2]).toEqual({
      name: 'web',
      image: 'busybox:1',
      desired: 2,
      ports: [],
      containers: [
        { name: 'demo-web-1', number: 1, state: 'running', health: 'healthy', restarts: 4, startedAt: 1000 },
        { name: 'demo-web-2', number: 2, state: 'running', health: 'none', restarts: 0, startedAt: 2000 },
      ],
    });
    // A stopped container has no uptime but its exit code; a service without containers is a row all the same.
    expect(rows[0]?.containers[0]).toEqual({ name: 'demo-db-1', number: 1, state: 'exited', health: 'none', restarts: 0, exitCode: 137 });
    expect(rows[1]).toMatchObject({ name: 'job', image: 'demo-job', desired: 1, containers: [] });
  });

  it('leaves out one-offs and replacements mid-recreate, and shows orphans with nothing desired', () => {
    const rows = serviceSnapshotsOf(demo, [
      { summary: summary('demo-web-run-abc', 'web', 0, {}, { 'com.docker.compose.oneoff': 'True' }) },
      { summary: summary('0123456789ab_demo-db-1', 'db', 1) },
      { summary: summary('demo-old-1', 'old', 1) },
    ]);
    expect(rows.map((r) => [r.name, r.containers.length, r.desired])).toEqual([
      ['db', 0, 1],
      ['job', 0, 1],
      ['old', 1, 0],
      ['web', 0, 2],
    ]);
  });

  it('counts replicas scaled by hand as desired (up --scale), not as missing', () => {
    const rows = serviceSnapshotsOf(demo, [1, 2, 3].map((n) => ({ summary: summary(`demo-web-${n}`, 'web', n) })));
    expect(rows.find((r) => r.name === 'web')?.desired).toBe(3);
  });
});

describe('publishedPorts', () => {
  it('lists each published port once (IPv4 over IPv6), unpublished ones left out, by port', () => {
    const ports = publishedPorts([
      summary('demo-web-1', 'web', 1, {
        ports: [
          { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 },
          { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
          { containerPort: 9000, protocol: 'tcp' },
          { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 },
        ],
      }),
    ]);
    expect(ports).toEqual([
      { published: 5353, target: 53, protocol: 'udp', hostIp: '127.0.0.1' },
      { published: 8080, target: 80, protocol: 'tcp', hostIp: '0.0.0.0' },
    ]);
  });
});

describe('eventMeaning', () => {
  const labels = { 'com.docker.compose.project': 'demo', 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '1' };
  const event = (action: string, name = 'demo-web-1', extra: Partial<RuntimeEvent> = {}, attributes: Record<string, string> = {}): RuntimeEvent => ({
    type: 'container',
    action,
    id: 'c1',
    attributes: { ...labels, name, ...attributes },
    time: 1000,
    ...extra,
  });

  it('turns a container event into a change of one row, with exit code and health', () => {
    expect(eventMeaning(event('die', 'demo-web-1', {}, { exitCode: '3' }))).toEqual({
      kind: 'container',
      change: { id: 'c1', service: 'web', container: 'demo-web-1', number: 1, action: 'die', exitCode: 3, at: 1000 },
    });
    expect(eventMeaning(event('health_status', 'demo-web-1', { detail: 'unhealthy' }))).toMatchObject({ kind: 'container', change: { action: 'health_status', health: 'unhealthy' } });
  });

  it('reads a replacement created or renamed during a recreate as a change to the service, and ignores what the dashboard does not show', () => {
    expect(eventMeaning(event('create', '0123456789ab_demo-web-1'))).toEqual({ kind: 'membership', service: 'web' });
    expect(eventMeaning(event('rename'))).toEqual({ kind: 'membership', service: 'web' });
    expect(eventMeaning(event('start', '0123456789ab_demo-web-1'))).toEqual({ kind: 'none' });
    expect(eventMeaning(event('exec_start'))).toEqual({ kind: 'none' });
    expect(eventMeaning(event('start', 'demo-web-run-1', {}, { 'com.docker.compose.oneoff': 'True' }))).toEqual({ kind: 'none' });
    expect(eventMeaning({ ...event('create'), type: 'network' })).toEqual({ kind: 'none' });
  });
});

describe('stateAfter', () => {
  it('follows a container through its life', () => {
    const states = (['create', 'start', 'pause', 'unpause', 'die', 'restart', 'stop', 'destroy'] as const).reduce<string[]>((out, action) => [...out, stateAfter((out.at(-1) ?? 'created') as never, action)], []);
    expect(states).toEqual(['created', 'running', 'paused', 'running', 'exited', 'running', 'exited', 'missing']);
  });
});
