import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/helpers/eventually.ts';
import { DashboardController } from './dashboard-controller.ts';
import { initialDashboardState } from './dashboard-state.ts';
import { createDashboardStore, logWindow } from './dashboard-store.ts';
import { MemoryDashboardSource } from './memory-dashboard-source.ts';
import { demoNow, demoWorld, manyServices } from './testing/demo-world.ts';

const clock = () => demoNow;
const open: DashboardController[] = [];

async function started() {
  const world = demoWorld(clock);
  const store = createDashboardStore(initialDashboardState());
  const controller = new DashboardController({ source: world, actions: world.actions, store, clock, logBatchMs: 5 });
  open.push(controller);
  await controller.start();
  return { world, store, controller };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe('DashboardController', () => {
  it('loads the snapshot, then follows events and logs', async () => {
    const { world, store } = await started();
    expect(Object.keys(store.getSnapshot().services)).toEqual(['cache', 'db', 'web', 'worker']);
    world.emit({ type: 'container', at: demoNow, service: 'cache', container: 'demo-cache-1', number: 1, action: 'die', exitCode: 2 });
    world.log('cache', 'one', 'two');
    await eventually(() => expect(store.getSnapshot().services.cache?.state).toBe('exited'));
    await eventually(() => expect(logWindow(store.getSnapshot(), 5).map((l) => l.text)).toEqual(['one', 'two']));
  });

  it('restarts the selected service on r: the action runs and its restart count goes up', async () => {
    const { world, store, controller } = await started();
    controller.key('r', {}, 10);
    expect(store.getSnapshot().services.cache?.pending).toBe('restart');
    await eventually(() => expect(store.getSnapshot().notice?.text).toBe('cache restarted'));
    expect(world.calls).toEqual([{ verb: 'restart', service: 'cache' }]);
    expect(store.getSnapshot().services.cache).toMatchObject({ restarts: 1, state: 'running', pending: undefined });
  });

  it('takes keys that arrive in one chunk (typed fast, sent by a script) one by one', async () => {
    const { store, controller } = await started();
    controller.key('jj', {}, 10);
    expect(store.getSnapshot().ui.selected).toBe('web');
    controller.key('/', {}, 10);
    controller.key('wor', {}, 10);
    expect(store.getSnapshot().ui).toMatchObject({ filtering: true, filter: 'wor', selected: 'worker' });
  });

  it('stops a running service on s, and starts it again on the next s', async () => {
    const { world, store, controller } = await started();
    controller.key('s', {}, 10);
    await eventually(() => expect(store.getSnapshot().services.cache?.state).toBe('exited'));
    controller.key('s', {}, 10);
    await eventually(() => expect(store.getSnapshot().services.cache?.state).toBe('running'));
    expect(world.calls.map((c) => c.verb)).toEqual(['stop', 'start']);
  });

  it('runs one action per service at a time', async () => {
    const { world, controller } = await started();
    const first = controller.perform('restart', 'web');
    await controller.perform('stop', 'web');
    await first;
    expect(world.calls).toEqual([{ verb: 'restart', service: 'web' }]);
  });

  it('shows why an action failed, with our code', async () => {
    const { world, store, controller } = await started();
    world.emit({ type: 'service.removed', at: demoNow, service: 'cache' });
    await controller.perform('restart', 'cache');
    expect(store.getSnapshot().notice).toMatchObject({ level: 'error', code: 'STK4009' });
  });

  it('loads details for the selected service while the pane is open', async () => {
    const { store, controller } = await started();
    controller.key('j', {}, 10);
    controller.key('', { return: true }, 10);
    await eventually(() => expect(store.getSnapshot().details).toMatchObject({ service: 'db', phase: 'loaded' }));
    expect(store.getSnapshot().details?.data?.networks[0]?.aliases).toEqual(['db']);
  });

  it('batches a burst of log lines into one store update', async () => {
    const { world, store } = await started();
    let updates = 0;
    store.subscribe(() => updates++);
    world.log('web', ...Array.from({ length: 100 }, (_, i) => `line ${i}`));
    await eventually(() => expect(store.getSnapshot().serviceLogs.web?.total).toBe(100));
    expect(updates).toBe(1);
  });

  it('closes every stream it opened', async () => {
    const { world, controller } = await started();
    expect(world.openStreams).toBe(2);
    await controller.close();
    expect(world.openStreams).toBe(0);
  });

  it('shows the connection as lost when the runtime goes away, with our code', async () => {
    const { world, store } = await started();
    world.disconnect();
    await eventually(() => expect(store.getSnapshot()).toMatchObject({ connection: 'lost', connectionError: { code: 'STK5001' } }));
  });

  it('shows the connection as lost when the first snapshot cannot be read', async () => {
    const world = demoWorld(clock);
    world.disconnect();
    const store = createDashboardStore();
    const controller = new DashboardController({ source: world, actions: world.actions, store, clock });
    open.push(controller);
    await controller.start();
    expect(store.getSnapshot()).toMatchObject({ connection: 'lost', connectionError: { code: 'STK5001' } });
  });
});

describe('DashboardController defaults', () => {
  it('stamps its reports with the real clock when given none (an explicit undefined included)', async () => {
    const world = demoWorld(clock);
    const store = createDashboardStore();
    const controller = new DashboardController({ source: world, actions: world.actions, store, clock: undefined, logBatchMs: undefined });
    open.push(controller);
    await controller.start();
    const before = Date.now();
    world.log('web', 'hello');
    await eventually(() => expect(store.getSnapshot().serviceLogs.web?.total).toBe(1));
    expect(store.getSnapshot().lastAt).toBeGreaterThanOrEqual(before);
  });
});

describe('DashboardController time', () => {
  it('ticks only when a shown uptime changes, and not at all when nothing runs', async () => {
    let now = demoNow;
    const world = demoWorld(() => now);
    now = demoNow + 500;
    const store = createDashboardStore();
    const controller = new DashboardController({ source: world, actions: world.actions, store, clock: () => now });
    open.push(controller);
    await controller.start();
    // web-1 started 125 s before demoNow: it shows seconds, so the next change is on the next whole second.
    expect(controller.nextTick).toBe(demoNow + 1000);
    for (const name of ['cache', 'db', 'web']) await controller.perform('stop', name);
    await eventually(() => expect(Object.values(store.getSnapshot().services).every((s) => s.running === 0)).toBe(true));
    expect(controller.nextTick).toBeUndefined();
  });

  /** Services started `ago` ms before demoNow + 100 each, watched by a controller on the clock `now()`. */
  async function scattered(ago: readonly number[], now: () => number) {
    const services = manyServices(ago.length, demoNow).map((s, i) => ({ ...s, containers: s.containers.map((c) => ({ ...c, startedAt: demoNow + 100 - ago[i]! })) }));
    const world = new MemoryDashboardSource({ project: 'bench', runtime: 'memory', services, clock: now });
    const store = createDashboardStore();
    const controller = new DashboardController({ source: world, actions: world.actions, store, clock: now });
    open.push(controller);
    await controller.start();
    return { world, store, controller };
  }

  it('ticks on whole seconds of the clock, however scattered the start times, so uptimes cost one redraw a second', async () => {
    let now = demoNow + 100;
    // Started 0.4 s, 0.7 s and 3 s ago: their labels change at three different moments of the next second.
    const { store, controller } = await scattered([400, 700, 3000], () => now);
    expect(controller.nextTick).toBe(demoNow + 1000);
    let ticks = 0;
    store.subscribe(() => ticks++);
    now = demoNow + 1000;
    await eventually(() => expect(ticks).toBe(1));
    expect(controller.nextTick).toBe(demoNow + 2000);
  });

  it('keeps the tick for a label that has changed when stats arrive before it: samples each second never postpone the clock', async () => {
    let now = demoNow + 100;
    // Its label changes at demoNow + 300, shown at the whole second demoNow + 1000.
    const { world, store, controller } = await scattered([800], () => now);
    expect(controller.nextTick).toBe(demoNow + 1000);
    // A sample in between: from here the next change is at demoNow + 1300, but the one at + 300 is still unshown.
    now = demoNow + 500;
    world.stats([{ service: 'svc01', container: 'bench-svc01-1', cpuPercent: 7, memoryBytes: 1 }]);
    await eventually(() => expect(store.getSnapshot().stats['bench-svc01-1']).toBeUndefined());
    expect(controller.nextTick).toBe(demoNow + 1000);
    now = demoNow + 1000;
    await eventually(() => expect(store.getSnapshot().stats['bench-svc01-1']?.cpuPercent).toBe(7));
    expect(store.getSnapshot().lastAt).toBe(demoNow + 1000);
    expect(controller.nextTick).toBe(demoNow + 2000);
  });

  it('holds stats samples until the tick, and delivers them with it in one update', async () => {
    let now = demoNow;
    const world = demoWorld(() => now);
    now = demoNow + 990;
    const store = createDashboardStore();
    const controller = new DashboardController({ source: world, actions: world.actions, store, clock: () => now });
    open.push(controller);
    await controller.start();
    let updates = 0;
    store.subscribe(() => updates++);
    world.stats([{ service: 'web', container: 'demo-web-1', cpuPercent: 3, memoryBytes: 1 }]);
    await eventually(() => expect(controller.nextTick).toBe(demoNow + 1000));
    expect(store.getSnapshot().stats['demo-web-1']).toBeUndefined();
    now = demoNow + 1000;
    await eventually(() => expect(store.getSnapshot().stats['demo-web-1']?.cpuPercent).toBe(3));
    expect(updates).toBe(1);
    expect(store.getSnapshot().lastAt).toBe(demoNow + 1000);
  });
});
