import { describe, expect, it } from 'vitest';
import type { LogLine } from './dashboard-source.ts';
import { allLogCapacity, serviceLogCapacity, serviceRow } from './dashboard-state.ts';
import { logWindow, reduceDashboard, selectedService, visibleServices } from './dashboard-store.ts';
import { demoDetails, demoNow, demoServices } from './testing/demo-world.ts';
import { demoState } from './testing/dashboard-state.ts';

const at = demoNow + 1000;
const line = (service: string, text: string): LogLine => ({ service, container: `demo-${service}-1`, stream: 'stdout', text });

describe('reduceDashboard: the service table', () => {
  it('lists services by name and selects the first', () => {
    const state = demoState();
    expect(visibleServices(state).map((s) => s.name)).toEqual(['cache', 'db', 'web', 'worker']);
    expect(state.ui.selected).toBe('cache');
    expect(state.connection).toBe('connected');
  });

  it('adds up a service from its containers', () => {
    const web = demoState().services.web;
    expect(web).toMatchObject({ running: 2, desired: 2, state: 'running', health: 'none', restarts: 2, startedAt: demoNow - 125_000 });
    expect(demoState().services.worker).toMatchObject({ running: 0, state: 'exited', exitCode: 1 });
  });

  it('shows the worst state and health of a service\'s containers', () => {
    const [, db] = demoServices();
    const row = serviceRow({ ...db!, containers: [...db!.containers, { name: 'demo-db-2', number: 2, state: 'restarting', health: 'unhealthy', restarts: 3 }] });
    expect(row).toMatchObject({ state: 'restarting', health: 'healthy', restarts: 3, running: 1 });
  });

  it('moves the selection within the visible services and stops at the ends', () => {
    let state = demoState({ type: 'ui.move', delta: 1 });
    expect(state.ui.selected).toBe('db');
    state = reduceDashboard(state, { type: 'ui.move', delta: 10 });
    expect(state.ui.selected).toBe('worker');
    state = reduceDashboard(state, { type: 'ui.move', delta: -1 });
    expect(state.ui.selected).toBe('web');
  });

  it('filters by name or image, moves the selection onto what is left, and clears', () => {
    let state = demoState({ type: 'ui.filter.begin' }, { type: 'ui.filter.text', text: 'busy' });
    expect(visibleServices(state).map((s) => s.name)).toEqual(['web', 'worker']);
    expect(state.ui.selected).toBe('web');
    state = reduceDashboard(state, { type: 'ui.filter.commit' });
    expect(state.ui).toMatchObject({ filtering: false, filter: 'busy' });
    state = reduceDashboard(state, { type: 'ui.back' });
    expect(state.ui.filter).toBe('');
    expect(visibleServices(state)).toHaveLength(4);
  });
});

describe('reduceDashboard: runtime events', () => {
  it('counts a restart at once and resets the uptime', () => {
    const state = demoState({ type: 'container', at, service: 'db', container: 'demo-db-1', number: 1, action: 'restart' });
    expect(state.services.db).toMatchObject({ restarts: 1, state: 'running', startedAt: at });
  });

  it('takes the source\'s restart count when the event carries one (a policy restart is a start, not a restart)', () => {
    const state = demoState({ type: 'container', at, service: 'web', container: 'demo-web-1', number: 1, action: 'start', restarts: 5 });
    expect(state.services.web?.containers.find((c) => c.name === 'demo-web-1')?.restarts).toBe(5);
    expect(state.services.web).toMatchObject({ restarts: 5, state: 'running', startedAt: at });
  });

  it('flips a row when its container dies, with the exit code', () => {
    const state = demoState({ type: 'container', at, service: 'cache', container: 'demo-cache-1', number: 1, action: 'die', exitCode: 137 });
    expect(state.services.cache).toMatchObject({ state: 'exited', exitCode: 137, running: 0, startedAt: undefined });
  });

  it('shows a back-off as restarting when the runtime says so', () => {
    const state = demoState({ type: 'container', at, service: 'cache', container: 'demo-cache-1', number: 1, action: 'die', exitCode: 1, state: 'restarting' });
    expect(state.services.cache?.state).toBe('restarting');
  });

  it('follows health changes, new replicas and removed containers', () => {
    let state = demoState({ type: 'container', at, service: 'db', container: 'demo-db-1', number: 1, action: 'health_status', health: 'unhealthy' });
    expect(state.services.db?.health).toBe('unhealthy');
    state = reduceDashboard(state, { type: 'container', at, service: 'web', container: 'demo-web-3', number: 3, action: 'create' });
    state = reduceDashboard(state, { type: 'container', at, service: 'web', container: 'demo-web-3', number: 3, action: 'start' });
    expect(state.services.web).toMatchObject({ running: 3 });
    state = reduceDashboard(state, { type: 'container', at, service: 'web', container: 'demo-web-3', number: 3, action: 'destroy' });
    expect(state.services.web?.containers.map((c) => c.name)).toEqual(['demo-web-1', 'demo-web-2']);
  });

  it('keeps the latest stats per container', () => {
    const state = demoState(
      { type: 'stats', at, samples: [{ service: 'web', container: 'demo-web-1', cpuPercent: 5, memoryBytes: 100 }] },
      { type: 'stats', at: at + 1, samples: [{ service: 'web', container: 'demo-web-1', cpuPercent: 7, memoryBytes: 200 }] },
    );
    expect(state.stats['demo-web-1']).toMatchObject({ cpuPercent: 7, memoryBytes: 200 });
  });

  it('shows an action going and its result, and an error with its code', () => {
    let state = demoState({ type: 'action', at, id: 1, service: 'web', verb: 'restart', phase: 'started' });
    expect(state.services.web?.pending).toBe('restart');
    state = reduceDashboard(state, { type: 'action', at: at + 1, id: 1, service: 'web', verb: 'restart', phase: 'succeeded' });
    expect(state.services.web?.pending).toBeUndefined();
    expect(state.notice).toMatchObject({ level: 'info', text: 'web restarted' });
    state = reduceDashboard(state, { type: 'action', at: at + 2, id: 2, service: 'web', verb: 'stop', phase: 'failed', error: { code: 'STK5012', message: 'container is paused' } });
    expect(state.notice).toMatchObject({ level: 'error', code: 'STK5012' });
  });

  it('keeps the plan preview of a changed stack file', () => {
    const state = demoState({ type: 'plan', at, files: ['/p/compose.yaml'], resources: [{ resource: { id: 'container:web#1', kind: 'container', name: 'demo-web-1', service: 'web' }, bucket: 'recreate', reasons: ['config changed: environment.MODE'] }] });
    expect(state.plan?.resources[0]?.bucket).toBe('recreate');
  });
});

describe('reduceDashboard: logs', () => {
  it('keeps lines per service and for all, each bounded', () => {
    const many = Array.from({ length: allLogCapacity + 10 }, (_, i) => line(i % 2 ? 'web' : 'db', `l${i}`));
    const state = demoState({ type: 'logs', at, lines: many });
    expect(state.allLogs.size).toBe(allLogCapacity);
    expect(state.serviceLogs.web?.size).toBe(serviceLogCapacity);
    expect(state.serviceLogs.web?.last(1)[0]?.text).toBe(`l${allLogCapacity + 9}`);
  });

  it('shows the selected service\'s newest lines, or everyone\'s with `a`', () => {
    const lines = [line('cache', 'c1'), line('web', 'w1'), line('cache', 'c2')];
    let state = demoState({ type: 'logs', at, lines });
    expect(logWindow(state, 5).map((l) => l.text)).toEqual(['c1', 'c2']);
    state = reduceDashboard(state, { type: 'ui.scope' });
    expect(logWindow(state, 2).map((l) => l.text)).toEqual(['w1', 'c2']);
  });

  it('stops following to read back, keeps the view still while lines arrive, and follows again at the bottom', () => {
    let state = demoState({ type: 'logs', at, lines: Array.from({ length: 10 }, (_, i) => line('cache', `c${i}`)) });
    state = reduceDashboard(state, { type: 'ui.follow' });
    state = reduceDashboard(state, { type: 'logs', at, lines: [line('cache', 'new')] });
    expect(logWindow(state, 2).map((l) => l.text)).toEqual(['c8', 'c9']);
    state = reduceDashboard(state, { type: 'ui.focus' });
    state = reduceDashboard(state, { type: 'ui.move', delta: -3 });
    expect(logWindow(state, 2).map((l) => l.text)).toEqual(['c5', 'c6']);
    state = reduceDashboard(state, { type: 'ui.scroll', lines: 100 });
    expect(state.ui.follow).toBe(true);
    expect(logWindow(state, 1).map((l) => l.text)).toEqual(['new']);
  });
});

describe('reduceDashboard: panes', () => {
  it('opens details for the selection and takes them only for that service', () => {
    let state = demoState({ type: 'ui.move', delta: 1 }, { type: 'ui.details' }, { type: 'details.loading', at, service: 'db' });
    expect(state.ui).toMatchObject({ detailsOpen: true, focus: 'details' });
    state = reduceDashboard(state, { type: 'details.loaded', at, details: { ...demoDetails.db!, service: 'web' } });
    expect(state.details?.phase).toBe('loading');
    state = reduceDashboard(state, { type: 'details.loaded', at, details: demoDetails.db! });
    expect(state.details).toMatchObject({ service: 'db', phase: 'loaded' });
    state = reduceDashboard(state, { type: 'ui.back' });
    expect(state.ui).toMatchObject({ detailsOpen: false, focus: 'services' });
  });

  it('scrolls the details no further than their last line', () => {
    let state = demoState({ type: 'ui.size', columns: 80, rows: 24 }, { type: 'ui.move', delta: 1 }, { type: 'ui.details' }, { type: 'details.loading', at, service: 'db' });
    state = reduceDashboard(state, { type: 'details.loaded', at, details: demoDetails.db! });
    for (let i = 0; i < 100; i++) state = reduceDashboard(state, { type: 'ui.move', delta: 1 });
    const bottom = state.ui.detailsScroll;
    expect(bottom).toBeGreaterThan(0);
    expect(bottom).toBeLessThan(20);
    state = reduceDashboard(state, { type: 'ui.move', delta: -1 });
    expect(state.ui.detailsScroll).toBe(bottom - 1);
  });

  it('toggles help, and esc closes it first', () => {
    let state = demoState({ type: 'ui.help' }, { type: 'ui.details' });
    expect(state.ui.helpOpen).toBe(false);
    state = reduceDashboard(state, { type: 'ui.help' });
    state = reduceDashboard(state, { type: 'ui.back' });
    expect(state.ui).toMatchObject({ helpOpen: false, detailsOpen: true });
  });

  it('quits on request', () => {
    expect(demoState({ type: 'ui.quit' }).ui.quitting).toBe(true);
    expect(selectedService(demoState())?.name).toBe('cache');
  });
});
