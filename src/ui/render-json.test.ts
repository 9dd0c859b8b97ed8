import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../engine/events.ts';
import { isEndState } from './derive-row.ts';
import { createJsonRenderer } from './render-json.ts';
import { collector, feed } from './testing/collect.ts';
import { loadRecording, recordingNames } from './testing/recordings.ts';
import { replay } from './testing/replay.ts';

async function jsonLines(name: (typeof recordingNames)[number]): Promise<Record<string, unknown>[]> {
  const out = collector();
  await feed(createJsonRenderer({ out }), loadRecording(name));
  const text = out.text();
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('JSON progress', () => {
  it.each(recordingNames)('%s: one valid JSON object per line, one line per event, in order', async (name) => {
    const events = loadRecording(name);
    const lines = await jsonLines(name);
    expect(lines.map((l) => l.type)).toEqual(events.map((e) => e.type));
    expect(lines.map((l) => l.at)).toEqual(events.map((e) => e.at));
  });

  it.each(recordingNames)('%s: the last line about each row carries what the live view shows for it', async (name) => {
    const lines = await jsonLines(name);
    const state = replay(loadRecording(name));
    for (const row of Object.values(state.rows)) {
      const last = lines.filter((l) => l.id === row.id).at(-1);
      if (row.bucket === 'keep' && last === undefined) continue;
      expect(last, row.id).toBeDefined();
      expect(last).toMatchObject({ id: row.id, kind: row.kind, name: row.name, status: row.status });
      // A layer ends when its image does: the image's line says so, the layer's last line keeps its own words.
      if (row.kind !== 'layer') expect(last?.state).toBe(row.state);
      if (row.parent) expect(last?.parent_id).toBe(row.parent);
      if (row.cause && row.kind !== 'layer') expect(last?.cause).toBe(row.cause);
      if (row.error) expect(last?.error).toMatchObject({ code: row.error.code, message: row.error.message });
      if (isEndState(row.state) && row.startedAt !== undefined && row.finishedAt !== undefined && row.kind !== 'layer') {
        expect(last?.elapsed_ms).toBe(row.finishedAt - row.startedAt);
      }
    }
  });

  it('reports layer progress with current, total and percent under the image', async () => {
    const lines = await jsonLines('cold-up');
    const layer = lines.find((l) => l.type === 'action.progress' && l.kind === 'layer' && l.status === 'Downloading');
    const current = layer?.current as number;
    const total = layer?.total as number;
    expect(layer).toMatchObject({ parent_id: 'image:127.0.0.1:5000/demo/cache:7', percent: Math.floor((current / total) * 100), state: 'working' });
    expect(current).toBeLessThan(total);
  });

  it('carries the plan, the waits and the pass outcome', async () => {
    const lines = await jsonLines('failing-health');
    expect(lines[1]?.resources).toHaveLength(4);
    expect(lines.find((l) => l.type === 'wait.started')).toMatchObject({ id: 'container:web#1', waiting_for: [{ dependency: 'db', condition: 'healthy' }] });
    const events = loadRecording('failing-health');
    expect(lines.at(-1)).toMatchObject({ type: 'pass.finished', ok: false, failed: 1, skipped: 1, done: 4, total: 4, elapsed_ms: (events.at(-1)?.at ?? 0) - (events[0]?.at ?? 0) });
  });

  it.each(recordingNames)('%s: every line carries the event the live view consumed, so the lines replay into the same rows', async (name) => {
    const events = loadRecording(name);
    const lines = await jsonLines(name);
    expect(lines.map((l) => l.event)).toEqual(events.map((e) => JSON.parse(JSON.stringify(e))));
    const replayed = replay(lines.map((l) => l.event as EngineEvent));
    expect(replayed).toEqual(replay(events));
  });

  it('prints keys in sorted order, so identical runs give identical bytes', async () => {
    const out = collector();
    await feed(createJsonRenderer({ out }), loadRecording('down'));
    for (const line of out.text().trim().split('\n')) {
      const keys = Object.keys(JSON.parse(line) as object);
      expect(keys).toEqual([...keys].sort());
    }
  });
});
