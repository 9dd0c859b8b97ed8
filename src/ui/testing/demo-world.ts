import type { ServiceDetails, ServiceSnapshot } from '../dashboard-source.ts';
import { MemoryDashboardSource } from '../memory-dashboard-source.ts';

/** A fixed clock for frames that must not change from run to run: 2026-01-01T00:00:00Z. */
export const demoNow = 1767225600000;

/** The demo project as a runtime would report it: a web tier with a published port, a database with a health check, a worker. */
export function demoServices(now = demoNow): ServiceSnapshot[] {
  return [
    {
      name: 'cache',
      image: 'redis:7',
      desired: 1,
      ports: [],
      containers: [{ name: 'demo-cache-1', number: 1, state: 'running', health: 'none', restarts: 0, startedAt: now - 3_600_000 }],
    },
    {
      name: 'db',
      image: 'postgres:16',
      desired: 1,
      ports: [{ hostIp: '127.0.0.1', published: 5432, target: 5432, protocol: 'tcp' }],
      containers: [{ name: 'demo-db-1', number: 1, state: 'running', health: 'healthy', restarts: 0, startedAt: now - 3_600_000 }],
    },
    {
      name: 'web',
      image: 'stack-demo/busybox:latest',
      desired: 2,
      ports: [
        { hostIp: '0.0.0.0', published: 8080, target: 8080, protocol: 'tcp' },
        { hostIp: '0.0.0.0', published: 8081, target: 8080, protocol: 'tcp' },
      ],
      containers: [
        { name: 'demo-web-1', number: 1, state: 'running', health: 'none', restarts: 2, startedAt: now - 125_000 },
        { name: 'demo-web-2', number: 2, state: 'running', health: 'none', restarts: 0, startedAt: now - 3_000_000 },
      ],
    },
    {
      name: 'worker',
      image: 'stack-demo/busybox:latest',
      desired: 1,
      ports: [],
      containers: [{ name: 'demo-worker-1', number: 1, state: 'exited', health: 'none', restarts: 0, exitCode: 1 }],
    },
  ];
}

export const demoDetails: Readonly<Record<string, ServiceDetails>> = {
  db: {
    service: 'db',
    config: 'image: postgres:16\nenvironment:\n  POSTGRES_PASSWORD: example\nhealthcheck:\n  test: ["CMD", "pg_isready", "-U", "app"]\n',
    environment: { POSTGRES_PASSWORD: 'example', PGDATA: '/var/lib/postgresql/data' },
    mounts: [{ type: 'volume', source: 'demo_data', target: '/var/lib/postgresql/data', readOnly: false }],
    networks: [{ name: 'demo_default', aliases: ['db'], ipv4: '10.213.4.2' }],
    health: [
      { start: demoNow - 2000, end: demoNow - 1990, exitCode: 0, output: '/var/run/postgresql:5432 - accepting connections\n' },
      { start: demoNow - 1000, end: demoNow - 990, exitCode: 0, output: '/var/run/postgresql:5432 - accepting connections\n' },
    ],
    plan: [],
  },
};

/** A world for the dashboard's tests with the demo project, stamped by a clock the test controls. */
export function demoWorld(clock: () => number = () => demoNow): MemoryDashboardSource {
  return new MemoryDashboardSource({ project: 'demo', runtime: 'stackd', services: demoServices(clock()), details: demoDetails, clock });
}

/** `count` services like a mid-size project's, for the bench: every fourth with a health check, every third with a port. */
export function manyServices(count: number, now: number): ServiceSnapshot[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `svc${String(i + 1).padStart(2, '0')}`;
    return {
      name,
      image: `registry.local/team/${name}:1.${i}`,
      desired: 1,
      ports: i % 3 === 0 ? [{ hostIp: '127.0.0.1', published: 9000 + i, target: 80, protocol: 'tcp' as const }] : [],
      containers: [{ name: `bench-${name}-1`, number: 1, state: 'running' as const, health: i % 4 === 0 ? ('healthy' as const) : ('none' as const), restarts: 0, startedAt: now - i * 60_000 }],
    };
  });
}
