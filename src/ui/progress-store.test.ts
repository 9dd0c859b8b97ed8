import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, ResourceRef } from '../engine/events.ts';
import { initialProgressState } from './progress-state.ts';
import { createProgressStore, reduceProgress } from './progress-store.ts';
import { childRows, headerCounts, liveRows, topLevelRows } from './progress-tree.ts';
import { loadRecording, recordingNames } from './testing/recordings.ts';
import { after, replay } from './testing/replay.ts';

const T = 1767225600000;
const statusOf = (events: readonly EngineEvent[], id: string, count = events.length) => replay(events, count).rows[id]?.status;

const image = 'image:127.0.0.1:5000/demo/cache:7';
const first = (events: readonly EngineEvent[], match: (e: EngineEvent) => boolean) => events.find(match) as EngineEvent;
const nodeOf = (events: readonly EngineEvent[], match: (e: EngineEvent) => boolean) => (first(events, match) as Extract<EngineEvent, { node: number }>).node;

describe('reduceProgress: a cold up', () => {
  const events = loadRecording('cold-up');

  it('ends with every resource in its final state', () => {
    const state = replay(events);
    const shown = Object.fromEntries(topLevelRows(state).map((r) => [r.id, `${r.state} ${r.status}`]));
    expect(shown).toEqual({
      'network:default': 'done Created',
      'volume:data': 'done Created',
      [image]: 'done Pulled',
      'container:cache#1': 'done Started',
      'container:db#1': 'done Healthy',
      'container:web#1': 'done Started',
    });
    expect(state.outcome).toEqual({ ok: true, canceled: false, succeeded: 10, failed: 0, skipped: 0 });
    expect(headerCounts(state)).toEqual({ done: 6, total: 6 });
  });

  it('shows plan rows as pending before anything runs, and counts them in the header', () => {
    const state = replay(events, 2);
    expect(topLevelRows(state).map((r) => r.state)).toEqual(Array(6).fill('pending'));
    expect(headerCounts(state)).toEqual({ done: 0, total: 6 });
  });

  it('nests layers under their image, with their progress, and folds them when the pull ends', () => {
    const downloading = first(events, (e) => e.type === 'action.progress' && e.resource.kind === 'layer' && e.text === 'Downloading') as Extract<EngineEvent, { type: 'action.progress' }>;
    const during = replay(events, events.indexOf(downloading) + 1);
    const layer = childRows(during, image).find((l) => l.id === downloading.resource.id);
    expect(layer).toMatchObject({ status: 'Downloading', state: 'working', current: downloading.current, total: downloading.total });
    expect(topLevelRows(during).some((r) => r.kind === 'layer')).toBe(false);
    // Docker's `Pulling from demo/cache` carries the tag where a layer id goes: the image's text, not a layer.
    expect(childRows(during, image).map((l) => l.name)).not.toContain('7');
    expect(during.rows[image]?.text).toBe('Pulling from demo/cache');
    // New words without byte counts end the last phase's bar.
    const complete = replay(events, after(events, (e) => e.type === 'action.progress' && e.resource.id === downloading.resource.id && e.text === 'Download complete'));
    expect(complete.rows[downloading.resource.id]).toMatchObject({ status: 'Download complete', current: undefined, total: undefined });
    const done = replay(events, after(events, (e) => e.type === 'action.succeeded' && e.resource.id === image));
    expect(childRows(done, image)).toHaveLength(2);
    expect(childRows(done, image).every((l) => l.state === 'done')).toBe(true);
  });

  it('says what a waiting row waits for, and lets it go on when the condition holds', () => {
    const waiting = replay(events, after(events, (e) => e.type === 'wait.started'));
    expect(waiting.rows['container:web#1']).toMatchObject({ state: 'waiting', status: 'Waiting', text: 'waiting for db: healthy' });
    const released = replay(events, after(events, (e) => e.type === 'wait.finished'));
    expect(released.rows['container:web#1']).toMatchObject({ state: 'done', status: 'Created', text: undefined });
  });

  it('takes times from event stamps only', () => {
    const state = replay(events);
    const web = events.filter((e) => 'resource' in e && e.resource?.id === 'container:web#1' && e.type.startsWith('action.'));
    expect(state.rows['container:web#1']).toMatchObject({ startedAt: web[0]?.at, finishedAt: web.at(-1)?.at });
    expect(state.startedAt).toBe(T);
    expect(state.finishedAt).toBe(events.at(-1)?.at);
  });

  it('settles a row as soon as its last planned node ends, in the order they end', () => {
    const state = replay(events);
    const settled = state.settled.map((item) => (item.type === 'row' ? item.row.id : item.key));
    const lastEnd = (id: string) => Math.max(...events.filter((e) => e.type === 'action.succeeded' && e.resource.id === id).map((e) => events.indexOf(e)));
    expect(settled).toEqual([...settled].sort((a, b) => lastEnd(a) - lastEnd(b)));
    expect(new Set(settled)).toEqual(new Set(Object.keys(state.rows).filter((id) => state.rows[id]?.parent === undefined)));
    // db has started but its wait node is still planned: not settled yet.
    const mid = replay(events, after(events, (e) => e.type === 'action.succeeded' && e.resource.id === 'container:db#1' && e.status === 'Started'));
    expect(mid.settledRows['container:db#1']).toBeUndefined();
    expect(liveRows(mid).map((r) => r.row.id)).toContain('container:db#1');
  });
});

describe('reduceProgress: a recreate', () => {
  const events = loadRecording('recreate');

  it('shows the nodes of the group as one row that says Recreate, then Recreated', () => {
    const during = replay(events, after(events, (e) => e.type === 'action.started' && e.verb === 'remove'));
    expect(topLevelRows(during).filter((r) => r.service === 'web')).toHaveLength(1);
    expect(during.rows['container:web#1']).toMatchObject({ state: 'working', status: 'Recreate', text: 'removing', cause: 'config changed: environment' });
    // Between two nodes of the group, the row still works on the recreate.
    const between = replay(events, after(events, (e) => e.type === 'action.succeeded' && e.status === 'Stopped'));
    expect(between.rows['container:web#1']).toMatchObject({ state: 'working', status: 'Recreate' });
    expect(statusOf(events, 'container:web#1', after(events, (e) => e.type === 'action.succeeded' && e.status === 'Renamed'))).toBe('Recreated');
    expect(statusOf(events, 'container:web#1')).toBe('Started');
  });

  it('collapses a group whose nodes name another resource into the first node\'s row', () => {
    const web: ResourceRef = { id: 'container:web#1', kind: 'container', name: 'demo-web-1', service: 'web', replica: 1 };
    const temp: ResourceRef = { id: 'container:tmp', kind: 'container', name: '4f2a9c1e7b3d_demo-web-1', service: 'web' };
    const g = 'recreate:web#1';
    const state = [
      { type: 'pass.started', at: T, project: 'demo', command: 'up', dryRun: false },
      { type: 'action.started', at: T + 1, node: 1, resource: web, verb: 'stop', cause: 'image changed', group: g },
      { type: 'action.succeeded', at: T + 2, node: 1, resource: web, status: 'Stopped' },
      { type: 'action.started', at: T + 3, node: 2, resource: temp, verb: 'rename', cause: 'image changed', group: g },
    ].reduce((s, e) => reduceProgress(s, e as EngineEvent), initialProgressState());
    expect(Object.keys(state.rows)).toEqual(['container:web#1']);
    expect(state.rows['container:web#1']).toMatchObject({ name: 'demo-web-1', status: 'Recreate', text: 'renaming' });
  });

  it('folds only the steps a group hides: a create group shows its start as a start', () => {
    const web2: ResourceRef = { id: 'container:web#2', kind: 'container', name: 'demo-web-2', service: 'web', replica: 2 };
    const g = 'create:web#2';
    const seq: EngineEvent[] = [
      { type: 'pass.started', at: T, project: 'demo', command: 'up', dryRun: false },
      {
        type: 'plan.ready',
        at: T + 1,
        resources: [{ resource: web2, bucket: 'create', reasons: ['scaled up'] }],
        nodes: [
          { node: 1, resource: web2.id, verb: 'create', group: g },
          { node: 2, resource: web2.id, verb: 'connect', group: g },
          { node: 3, resource: web2.id, verb: 'start', group: g },
        ],
      },
      { type: 'action.started', at: T + 2, node: 1, resource: web2, verb: 'create', cause: 'scaled up', group: g },
      { type: 'action.succeeded', at: T + 3, node: 1, resource: web2, status: 'Created' },
      { type: 'action.started', at: T + 4, node: 2, resource: web2, verb: 'connect', cause: 'scaled up', group: g },
      { type: 'action.succeeded', at: T + 5, node: 2, resource: web2, status: 'Connected' },
      { type: 'action.started', at: T + 6, node: 3, resource: web2, verb: 'start', cause: 'scaled up', group: g },
      { type: 'action.succeeded', at: T + 7, node: 3, resource: web2, status: 'Started' },
    ];
    const shown = (n: number) => {
      const row = replay(seq, n).rows[web2.id];
      return `${row?.status}${row?.text ? ` (${row.text})` : ''}`;
    };
    expect([3, 4, 5, 6, 7, 8].map(shown)).toEqual(['Creating', 'Creating', 'Creating (connecting)', 'Created', 'Starting', 'Started']);
  });

  it('prints the warning message once, in the scrollback', () => {
    const messages = replay(events).settled.filter((i) => i.type === 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ level: 'warning' });
  });

  it('shows a kept container in the state the plan keeps it in: a finished job is not Running', () => {
    const ref = (n: number): ResourceRef => ({ id: `container:job#${n}`, kind: 'container', name: `demo-job-${n}`, service: 'job', replica: n });
    const state = replay([
      { type: 'pass.started', at: T, project: 'demo', command: 'up', dryRun: false },
      {
        type: 'plan.ready',
        at: T + 1,
        resources: [
          { resource: ref(1), bucket: 'keep', reasons: ['completed'] },
          { resource: ref(2), bucket: 'keep', reasons: ['exited 3'] },
          { resource: ref(3), bucket: 'keep', reasons: ['paused'] },
          { resource: ref(4), bucket: 'keep', reasons: ['orphan'] },
        ],
        nodes: [],
      },
    ]);
    expect([1, 2, 3, 4].map((n) => state.rows[`container:job#${n}`]?.status)).toEqual(['Exited 0', 'Exited 3', 'Paused', 'Running']);
  });

  it('shows a kept container as Running at once', () => {
    const state = replay(events, after(events, (e) => e.type === 'plan.ready'));
    expect(state.rows['container:cache#1']).toMatchObject({ state: 'done', status: 'Running' });
    expect(state.settledRows['container:cache#1']).toBe(true);
  });
});

describe('reduceProgress: a failing health check', () => {
  const events = loadRecording('failing-health');
  const state = replay(events);

  it('shows the error in place with our code and the runtime\'s last words', () => {
    expect(state.rows['container:db#1']).toMatchObject({ state: 'error', status: 'Error' });
    expect(state.rows['container:db#1']?.error).toMatchObject({ code: 'STK4501' });
    expect(state.rows['container:db#1']?.error?.detail).toContain('health check exited 2');
  });

  it('keeps the dependent as it was and says why it went no further', () => {
    expect(state.rows['container:web#1']).toMatchObject({ state: 'warning', status: 'Created', text: 'db did not become healthy' });
    expect(state.rows['container:web#1']?.waitFailure?.detail).toBe('service "db": container demo-db-1 is unhealthy');
  });

  it('reports the pass as failed with its counts', () => {
    expect(state.outcome).toEqual({ ok: false, canceled: false, succeeded: 5, failed: 1, skipped: 1 });
    expect(headerCounts(state)).toEqual({ done: 4, total: 4 });
  });
});

describe('reduceProgress: a scaled service and a down', () => {
  it('adds the new replicas beside the kept one', () => {
    const state = replay(loadRecording('scaled'));
    const web = topLevelRows(state).filter((r) => r.service === 'web');
    expect(web.map((r) => [r.replica, r.status])).toEqual([
      [1, 'Running'],
      [2, 'Started'],
      [3, 'Started'],
    ]);
    expect(state.rows['container:web#2']?.cause).toBe('scaled up');
  });

  it('takes each container through Stopped to Removed on one row', () => {
    const events = loadRecording('down');
    const web1 = nodeOf(events, (e) => e.type === 'action.started' && e.verb === 'stop' && e.resource.id === 'container:web#1');
    expect(statusOf(events, 'container:web#1', after(events, (e) => e.type === 'action.succeeded' && e.node === web1))).toBe('Stopped');
    const state = replay(events);
    expect(topLevelRows(state).map((r) => `${r.name} ${r.status}`)).toEqual([
      'demo_default Removed',
      'demo-cache-1 Removed',
      'demo-db-1 Removed',
      'demo-web-1 Removed',
      'demo-web-2 Removed',
      'demo-web-3 Removed',
    ]);
  });
});

describe('reduceProgress: without the plan\'s nodes', () => {
  it('settles rows only when the pass ends, since nobody knows what comes next', () => {
    const events = loadRecording('cold-up').map((e) => (e.type === 'plan.ready' ? { ...e, nodes: undefined } : e));
    const before = replay(events, events.length - 1);
    expect(before.settled).toHaveLength(0);
    expect(replay(events).settled).toHaveLength(6);
  });
});

describe('reduceProgress: ends of a pass', () => {
  const start: EngineEvent = { type: 'pass.started', at: T, project: 'demo', command: 'up', dryRun: false };
  const web: ResourceRef = { id: 'container:web#1', kind: 'container', name: 'demo-web-1', service: 'web', replica: 1 };

  it('marks rows still running as canceled when the pass is canceled', () => {
    const state = [
      start,
      { type: 'action.started', at: T + 1, node: 1, resource: web, verb: 'start', cause: 'not running' },
      { type: 'pass.finished', at: T + 2, ok: false, canceled: true, succeeded: 0, failed: 0, skipped: 1 },
    ].reduce((s, e) => reduceProgress(s, e as EngineEvent), initialProgressState());
    expect(state.rows['container:web#1']).toMatchObject({ state: 'skipped', status: 'Canceled' });
    expect(state.settled).toHaveLength(1);
  });

  it('settles what is left when the renderer closes before the pass ends', () => {
    let state = reduceProgress(initialProgressState(), start);
    state = reduceProgress(state, { type: 'action.started', at: T + 1, node: 1, resource: web, verb: 'create', cause: 'not found' });
    state = reduceProgress(state, { type: 'renderer.closed', at: T + 5 });
    expect(state.phase).toBe('finished');
    expect(state.settled.map((i) => i.key)).toEqual(['1:container:web#1']);
  });

  it('starts a second pass afresh and keeps the first pass\'s scrollback', () => {
    const events = loadRecording('scaled');
    let state = replay(events);
    const first = state.settled.length;
    for (const e of events) state = reduceProgress(state, { ...e, at: e.at + 10_000 });
    expect(state.pass).toBe(2);
    expect(state.settled).toHaveLength(first * 2);
    expect(new Set(state.settled.map((i) => i.key)).size).toBe(state.settled.length);
  });
});

describe('reduceProgress is pure', () => {
  it('gives the same states for the same events and never changes its input', () => {
    for (const name of recordingNames) {
      const events = loadRecording(name);
      let a = initialProgressState();
      for (const e of events) {
        const frozen = structuredClone(a);
        const next = reduceProgress(a, e);
        expect(a).toEqual(frozen);
        a = next;
      }
      expect(replay(events)).toEqual(a);
    }
  });

  it('keeps its invariants on every prefix of every recording', () => {
    fc.assert(
      fc.property(fc.constantFrom(...recordingNames), fc.nat(), (name, cut) => {
        const events = loadRecording(name);
        const state = replay(events, cut % (events.length + 1));
        const keys = state.settled.map((i) => i.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const { row } of liveRows(state)) expect(state.settledRows[row.id]).toBeUndefined();
        const { done, total } = headerCounts(state);
        expect(done).toBeLessThanOrEqual(total);
        for (const row of Object.values(state.rows)) if (row.startedAt !== undefined && row.finishedAt !== undefined) expect(row.finishedAt).toBeGreaterThanOrEqual(row.startedAt);
      }),
      { numRuns: 200 },
    );
  });
});

describe('createProgressStore', () => {
  it('notifies subscribers when an event changes the state, and only then', () => {
    const store = createProgressStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    const events = loadRecording('down');
    store.dispatch(events[0] as EngineEvent);
    expect(calls).toBe(1);
    store.dispatchAll(events.slice(1));
    expect(calls).toBe(2);
    expect(store.getSnapshot()).toEqual(replay(events));
    unsubscribe();
    store.dispatch({ type: 'renderer.closed', at: T });
    expect(calls).toBe(2);
  });
});
