import { describe, expect, it } from 'vitest';
import { dashboardGeometry, formatPorts, markerWidth, serviceCells, tableColumns, tableScroll } from './dashboard-layout.ts';
import { demoNow } from './testing/demo-world.ts';
import { demoState } from './testing/dashboard-state.ts';
import { reduceDashboard } from './dashboard-store.ts';

describe('dashboard layout', () => {
  it('fits the table in every width from 80 columns, dropping the image first', () => {
    for (let columns = 80; columns <= 220; columns++) {
      const table = tableColumns(columns);
      const used = markerWidth + table.reduce((sum, c) => sum + c.width, 0) + (table.length - 1);
      expect(used, `${columns} columns`).toBeLessThanOrEqual(columns);
      expect(table.map((c) => c.key)).toEqual(expect.arrayContaining(['service', 'replicas', 'state', 'ports']));
    }
    expect(tableColumns(80).some((c) => c.key === 'image')).toBe(false);
    expect(tableColumns(120).some((c) => c.key === 'image')).toBe(true);
    expect(tableColumns(120).find((c) => c.key === 'restarts')?.title).toBe('RST');
  });

  it('splits the height into table and pane within the terminal less one line', () => {
    const g = dashboardGeometry(24, 20);
    expect(g.tableRows + g.paneRows + 5).toBe(23);
    expect(g.tableRows).toBeLessThan(20);
    expect(dashboardGeometry(24, 2).tableRows).toBe(2);
  });

  it('scrolls the table so the selection stays in view', () => {
    expect(tableScroll(20, 0, 8)).toBe(0);
    expect(tableScroll(20, 10, 8)).toBe(6);
    expect(tableScroll(20, 19, 8)).toBe(12);
    expect(tableScroll(5, 4, 8)).toBe(0);
  });

  it('shows ports with addresses when they fit, and always the published port', () => {
    const ports = [
      { hostIp: '127.0.0.1', published: 8080, target: 80, protocol: 'tcp' as const },
      { hostIp: '0.0.0.0', published: 5353, target: 53, protocol: 'udp' as const },
    ];
    expect(formatPorts(ports, 40)).toBe('127.0.0.1:8080→80, 5353→53/udp');
    expect(formatPorts(ports, 20)).toBe('8080→80,5353→53/udp');
    expect(formatPorts(ports, 12)).toBe('8080,5353/u…');
    expect(formatPorts([], 10)).toBe('-');
  });

  it('says what each cell of a row shows', () => {
    const state = demoState({ type: 'stats', at: demoNow, samples: [{ service: 'web', container: 'demo-web-1', cpuPercent: 1.25, memoryBytes: 12_000_000 }, { service: 'web', container: 'demo-web-2', cpuPercent: 2, memoryBytes: 1_000_000 }] });
    expect(serviceCells(state.services.web!, state, demoNow, 30)).toMatchObject({ replicas: '2/2', state: 'running', uptime: '2m05s', cpu: '3.3%', mem: '12.4MiB', restarts: '2', ports: '8080→8080, 8081→8080' });
    expect(serviceCells(state.services.worker!, state, demoNow, 30)).toMatchObject({ state: 'exited 1', uptime: '-', cpu: '-', health: '-' });
  });

  it('shows no CPU or memory for a container that stopped after its last sample', () => {
    let state = demoState({ type: 'stats', at: demoNow, samples: [{ service: 'cache', container: 'demo-cache-1', cpuPercent: 5, memoryBytes: 1_000_000 }] });
    expect(serviceCells(state.services.cache!, state, demoNow, 30)).toMatchObject({ cpu: '5.0%' });
    state = reduceDashboard(state, { type: 'container', at: demoNow, service: 'cache', container: 'demo-cache-1', number: 1, action: 'die', exitCode: 0 });
    expect(serviceCells(state.services.cache!, state, demoNow, 30)).toMatchObject({ state: 'exited 0', cpu: '-', mem: '-' });
  });
});
