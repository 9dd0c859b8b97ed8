import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../engine/events.ts';
import { initialProgressState } from '../progress-state.ts';
import { reduceProgress } from '../progress-store.ts';
import { rowLabel, topLevelRows } from '../progress-tree.ts';
import { loadRecording, recordingNames, type RecordingName } from '../testing/recordings.ts';
import { renderAt } from '../testing/render-at.tsx';
import { replay } from '../testing/replay.ts';
import { displayWidth, hasEscapes } from '../text-width.ts';
import { ProgressView } from './ProgressView.tsx';

/**
 * Plays a recording into one mounted view, event by event, as the live
 * renderer does, so <Static> accumulates the scrollback the way it will on a
 * terminal. Returns the frame after each event.
 */
function play(name: RecordingName, columns: number): string[] {
  const events = loadRecording(name);
  let state = initialProgressState();
  const view = renderAt(columns, <ProgressView state={state} now={0} columns={columns} color={false} />);
  const frames: string[] = [];
  for (const event of events) {
    state = reduceProgress(state, event);
    view.rerender(<ProgressView state={state} now={state.lastAt} columns={columns} color={false} />);
    frames.push(view.lastFrame() ?? '');
  }
  view.unmount();
  return frames;
}

const index = (name: RecordingName, match: (e: EngineEvent) => boolean) => loadRecording(name).findIndex(match);

describe.each([80, 120])('ProgressView at %i columns', (columns) => {
  it.each(recordingNames)('%s: every line fits, and the final frame shows each resource once in its final state', (name) => {
    const frames = play(name, columns);
    for (const frame of frames) for (const line of frame.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
    const last = frames.at(-1) as string;
    expect(hasEscapes(last)).toBe(false);
    const state = replay(loadRecording(name));
    for (const row of topLevelRows(state)) {
      const lines = last.split('\n').filter((l) => l.includes(` ${rowLabel(row)} `));
      expect(lines, row.id).toHaveLength(1);
      // Ink trims the spaces at the end of a line: a status can end it.
      expect(lines[0]).toMatch(new RegExp(` ${row.status}( |$)`));
    }
    expect(last).toMatchSnapshot();
  });

  it('cold-up: mid-pass, spinners for running rows, a layer with its bar under its image, the wait target, and the count', () => {
    const frames = play('cold-up', columns);
    const mid = frames[index('cold-up', (e) => e.type === 'action.progress' && e.resource.kind === 'layer' && e.text === 'Downloading')] as string;
    expect(mid).toMatch(/^\[\+\] Running \d\/6/m);
    expect(mid).toMatch(/^ [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Image 127\.0\.0\.1:5000\/demo\/cache:7 +Pulling +Pulling from demo\/cache/m);
    expect(mid).toMatch(/^ {4}[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] [0-9a-f]{12} +Downloading +\[=*>? *\] [\d.]+[KM]iB\/[\d.]+[KM]iB/m);
    // `Pulling from` names the image, not a layer: no row of its own.
    expect(mid).not.toMatch(/^ {4}. 7 /m);
    expect(mid).toMatchSnapshot();
    // Settled rows sit above the header, live ones below it.
    const lines = mid.split('\n');
    const header = lines.findIndex((l) => l.startsWith('[+]'));
    expect(lines.slice(0, header).every((l) => l.startsWith(' ✔'))).toBe(true);
    const waiting = frames[index('cold-up', (e) => e.type === 'wait.started')] as string;
    expect(waiting).toMatch(/Container demo-web-1 +Waiting +waiting for db: healthy/);
  });

  it('recreate: one row that says Recreate while the group runs, with its cause', () => {
    const frames = play('recreate', columns);
    const mid = frames[index('recreate', (e) => e.type === 'action.started' && e.verb === 'remove')] as string;
    const web = mid.split('\n').filter((l) => l.includes('demo-web-1'));
    expect(web).toHaveLength(1);
    expect(web[0]).toMatch(/Recreate +removing/);
    const done = frames[index('recreate', (e) => e.type === 'action.succeeded' && e.status === 'Renamed')] as string;
    expect(done).toMatch(/Container demo-web-1 +Recreated +config changed: environment/);
    expect(frames.at(-1)).toMatch(/^ ! STK4004 found containers of services this project no longer defines \(cache\)/m);
  });

  it('failing-health: the error in place with our code, the last health output and the hint', () => {
    const last = play('failing-health', columns).at(-1) as string;
    expect(last).toMatch(/✘ Container demo-db-1 +Error/);
    expect(last).toMatch(/│ STK4501 service "db": container demo-db-1 is unhealthy/);
    expect(last).toMatch(/│ health check exited 2: db: connection refused/);
    expect(last).toMatch(/└ hint: see `stack logs db`/);
    expect(last).toMatch(/! Container demo-web-1 +Created +db did not become healthy/);
    expect(last).toMatch(/^\[\+\] Failed 4\/4 · 1 failed, 1 skipped/m);
  });

  it('scaled: the kept replica and the new ones, in replica order while they work', () => {
    const frames = play('scaled', columns);
    const planned = frames[index('scaled', (e) => e.type === 'plan.ready')] as string;
    const web = planned.split('\n').filter((l) => l.includes('demo-web-'));
    expect(web.map((l) => l.match(/demo-web-\d/)?.[0])).toEqual(['demo-web-1', 'demo-web-2', 'demo-web-3']);
    const last = frames.at(-1) as string;
    expect(last).toMatch(/Container demo-web-1 +Running/);
    expect(last).toMatch(/Container demo-web-2 +Started +scaled up/);
    expect(last).toMatch(/Container demo-web-3 +Started +scaled up/);
  });

  it('down: rows go through Stopping to Removed, and the header counts them', () => {
    const frames = play('down', columns);
    const stopping = frames[index('down', (e) => e.type === 'action.started' && e.verb === 'stop')] as string;
    expect(stopping).toMatch(/Container demo-\w+-\d +Stopping +[\d.]+s$/m);
    // `down` only restates the command: no cause on its rows.
    expect(stopping).not.toMatch(/Stopping +down/);
    expect(frames.at(-1)).toMatch(/^\[\+\] Done 6\/6 +[\d.]+s$/m);
  });
});

describe('ProgressView details', () => {
  it('cuts a long cause with an ellipsis at 80 columns instead of wrapping', () => {
    const long = 'config changed: environment.MODE, environment.LOG_LEVEL, ports[0].published, volumes[1].source';
    const events = loadRecording('recreate').map((e) => (e.type === 'action.started' ? { ...e, cause: long } : e));
    const state = replay(events);
    const view = renderAt(80, <ProgressView state={state} now={state.lastAt} columns={80} color={false} />);
    const line = (view.lastFrame() ?? '').split('\n').find((l) => l.includes('demo-web-1')) as string;
    expect(line).toMatch(/Started +config changed: environment\.MODE,… +[\d.]+s$/);
    expect(displayWidth(line)).toBeLessThanOrEqual(80);
    view.unmount();
  });

  it('draws a still spinner for a still clock, and the next frame when it moves', () => {
    const events = loadRecording('down');
    const state = replay(events, 3);
    const a = renderAt(80, <ProgressView state={state} now={1000} columns={80} color={false} />);
    const b = renderAt(80, <ProgressView state={state} now={1000} columns={80} color={false} />);
    const c = renderAt(80, <ProgressView state={state} now={1080} columns={80} color={false} />);
    expect(a.lastFrame()).toBe(b.lastFrame());
    expect(c.lastFrame()).not.toBe(a.lastFrame());
    for (const v of [a, b, c]) v.unmount();
  });
});
