import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/helpers/eventually.ts';
import { DashboardController } from '../dashboard-controller.ts';
import { initialDashboardState } from '../dashboard-state.ts';
import { createDashboardStore } from '../dashboard-store.ts';
import { demoNow, demoWorld, manyServices } from '../testing/demo-world.ts';
import { demoState } from '../testing/dashboard-state.ts';
import { renderAt } from '../testing/render-at.tsx';
import { displayWidth } from '../text-width.ts';
import { Dashboard } from './Dashboard.tsx';
import { DashboardApp } from './DashboardApp.tsx';
import { MemoryDashboardSource } from '../memory-dashboard-source.ts';

const clock = () => demoNow;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const keys = { down: '\x1b[B', up: '\x1b[A', enter: '\r', escape: '\x1b', tab: '\t' };

async function mount(columns: number, rows: number, world = demoWorld(clock)) {
  const store = createDashboardStore(initialDashboardState());
  const controller = new DashboardController({ source: world, actions: world.actions, store, clock, logBatchMs: 1 });
  const view = renderAt(columns, <DashboardApp store={store} controller={controller} color={false} size={{ columns, rows }} />);
  cleanups.push(async () => {
    view.unmount();
    await controller.close();
  });
  await controller.start();
  const frame = () => view.lastFrame() ?? '';
  const press = async (input: string) => {
    view.stdin.write(input);
    // Ink reads input on the next turn; give it one.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { world, store, controller, view, frame, press };
}

const serviceLine = (frame: string, service: string) => frame.split('\n').find((l) => new RegExp(`^[▸ ] ${service} `).test(l)) ?? '';

describe.each([
  [80, 24],
  [120, 40],
])('the dashboard at %ix%i', (columns, rows) => {
  it('fills the terminal less one line, every line within the width, each service with its published port', async () => {
    const { frame, world } = await mount(columns, rows);
    world.log('cache', 'Ready to accept connections tcp');
    await eventually(() => expect(frame()).toContain('Ready to accept connections'));
    const lines = frame().split('\n');
    expect(lines).toHaveLength(rows - 1);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
    expect(serviceLine(frame(), 'web')).toMatch(/ 2\/2 running .* 8080/);
    expect(serviceLine(frame(), 'db')).toMatch(/ 1\/1 running +healthy .*5432/);
    expect(serviceLine(frame(), 'worker')).toMatch(/ 0\/1 exited 1 /);
    expect(lines.at(-1)).toMatch(/\? help +q quit$/);
    expect(frame()).toMatchSnapshot();
  });
});

describe('the dashboard\'s keys', () => {
  it('move the selection, and the log pane follows the selected service', async () => {
    const { frame, press, world } = await mount(80, 24);
    world.log('db', 'database system is ready to accept connections');
    expect(serviceLine(frame(), 'cache')).toMatch(/^▸/);
    await press(keys.down);
    await eventually(() => expect(serviceLine(frame(), 'db')).toMatch(/^▸/));
    await press('j');
    await eventually(() => expect(serviceLine(frame(), 'web')).toMatch(/^▸/));
    await press('k');
    await eventually(() => expect(frame()).toContain('── logs: db · following'));
    expect(frame()).toContain('database system is ready to accept connections');
  });

  it('follow and all-logs: f pauses the pane, a shows every service prefixed', async () => {
    const { frame, press, world } = await mount(80, 24);
    world.log('db', 'from db');
    world.log('web', 'from web');
    await press('a');
    await eventually(() => expect(frame()).toMatch(/^demo-db-1 +\| from db$/m));
    expect(frame()).toMatch(/^demo-web-1 +\| from web$/m);
    await press('f');
    await eventually(() => expect(frame()).toContain('logs: all services · paused (f follows)'));
    world.log('web', 'after pause');
    await eventually(() => expect(frame()).toContain('logs: all services · paused'));
    expect(frame()).not.toContain('after pause');
    await press('f');
    await eventually(() => expect(frame()).toContain('after pause'));
  });

  it('r restarts the selected service: its restart count goes up and the result shows', async () => {
    const { frame, press, world } = await mount(80, 24);
    await press(keys.down);
    await eventually(() => expect(serviceLine(frame(), 'db')).toMatch(/^▸/));
    const restarts = () => Number(serviceLine(frame(), 'db').match(/(\d+) +(\S+) +\S+ +\S+$/)?.[1]);
    expect(restarts()).toBe(0);
    await press('r');
    await eventually(() => expect(frame()).toContain('db restarted'));
    expect(restarts()).toBe(1);
    expect(world.calls).toEqual([{ verb: 'restart', service: 'db' }]);
  });

  it('s stops a running service and starts it again', async () => {
    const { frame, press } = await mount(80, 24);
    await press('s');
    await eventually(() => expect(serviceLine(frame(), 'cache')).toMatch(/ 0\/1 exited 0 /));
    await press('s');
    await eventually(() => expect(serviceLine(frame(), 'cache')).toMatch(/ 1\/1 running /));
  });

  it('/ filters as you type and esc clears it', async () => {
    const { frame, press } = await mount(80, 24);
    await press('/');
    for (const ch of 'we') await press(ch);
    await eventually(() => expect(frame().split('\n').at(-1)).toMatch(/^\/we/));
    expect(serviceLine(frame(), 'web')).toMatch(/^▸/);
    expect(serviceLine(frame(), 'db')).toBe('');
    await press(keys.enter);
    await eventually(() => expect(frame()).toContain('filter: we'));
    await press(keys.escape);
    await eventually(() => expect(serviceLine(frame(), 'db')).not.toBe(''));
  });

  it('enter opens the details: plan, health checks, config, environment, mounts, networks', async () => {
    const { frame, press } = await mount(120, 40);
    await press('j');
    await press(keys.enter);
    await eventually(() => expect(frame()).toContain('── details: db'));
    await eventually(() => expect(frame()).toContain('Health checks (newest last)'));
    for (const text of ['up to date', 'exit 0  /var/run/postgresql:5432 - accepting connections', 'image: postgres:16', 'PGDATA=/var/lib/postgresql/data', 'volume demo_data → /var/lib/postgresql/data', 'demo_default 10.213.4.2  aliases: db']) {
      expect(frame()).toContain(text);
    }
    await press(keys.enter);
    await eventually(() => expect(frame()).toContain('── logs: db'));
  });

  it('? shows the help and ? hides it', async () => {
    const { frame, press } = await mount(80, 24);
    await press('?');
    await eventually(() => expect(frame()).toContain('── help: keys'));
    expect(frame()).toContain('R          recreate its containers'.replace('R          ', 'R           '));
    await press('?');
    await eventually(() => expect(frame()).not.toContain('── help: keys'));
  });

  it('q quits the app: it stops listening to keys', async () => {
    const { press, store } = await mount(80, 24);
    await press('q');
    await eventually(() => expect(store.getSnapshot().ui.quitting).toBe(true));
    await press('j');
    await press('j');
    expect(store.getSnapshot().ui.selected).toBe('cache');
  });
});

describe('the dashboard reacts to the runtime and the stack file', () => {
  it('shows a container restarting at once, and a plan preview when the files change', async () => {
    const { frame, world } = await mount(80, 24);
    world.emit({ type: 'container', at: demoNow, service: 'cache', container: 'demo-cache-1', number: 1, action: 'die', exitCode: 1, state: 'restarting' });
    await eventually(() => expect(serviceLine(frame(), 'cache')).toMatch(/ restarting /));
    world.emit({ type: 'container', at: demoNow, service: 'cache', container: 'demo-cache-1', number: 1, action: 'restart' });
    await eventually(() => expect(serviceLine(frame(), 'cache')).toMatch(/ 1\/1 running .* 1 +0s /));
    world.emit({ type: 'plan', at: demoNow + 1, files: ['/srv/demo/compose.yaml'], resources: [{ resource: { id: 'container:web#1', kind: 'container', name: 'demo-web-1', service: 'web' }, bucket: 'recreate', reasons: ['config changed: environment.MODE'] }] });
    await eventually(() => expect(frame()).toContain('compose.yaml changed: `up` would recreate web'));
  });

  it('shows a lost connection in the header', async () => {
    const { frame, world } = await mount(80, 24);
    world.disconnect();
    await eventually(() => expect(frame().split('\n')[0]).toMatch(/ · connection lost: the runtime/));
  });

  it('scrolls a long table to keep the selection in view', async () => {
    const world = new MemoryDashboardSource({ project: 'bench', runtime: 'memory', services: manyServices(20, demoNow), clock });
    const { frame, press } = await mount(80, 24, world);
    for (let i = 0; i < 15; i++) await press('j');
    await eventually(() => expect(serviceLine(frame(), 'svc16')).toMatch(/^▸/));
    expect(serviceLine(frame(), 'svc01')).toBe('');
  });
});

describe('Dashboard, the pure view', () => {
  it('says so instead of drawing a broken frame on a tiny terminal', () => {
    const view = renderAt(50, <Dashboard state={demoState()} now={demoNow} columns={50} rows={10} color={false} />);
    expect(view.lastFrame()).toContain('needs at least 80x24');
    view.unmount();
  });
});
