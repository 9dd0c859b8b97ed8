import { describe, expect, it } from 'vitest';
import { createPlainRenderer } from './render-plain.ts';
import { topLevelRows } from './progress-tree.ts';
import { collector, feed } from './testing/collect.ts';
import { loadRecording, recordingNames } from './testing/recordings.ts';
import { replay } from './testing/replay.ts';
import { causeWords } from './status-words.ts';
import { hasEscapes } from './text-width.ts';

async function plain(name: (typeof recordingNames)[number], color = false): Promise<string[]> {
  const out = collector();
  await feed(createPlainRenderer({ out, color }), loadRecording(name));
  return out.text().split('\n').filter((l) => l !== '');
}

describe('plain progress', () => {
  it.each(recordingNames)('%s: has no escape codes when colour is off', async (name) => {
    const lines = await plain(name);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(hasEscapes(line)).toBe(false);
  });

  it('colours the status words only when colour is forced', async () => {
    const lines = await plain('cold-up', true);
    expect(lines.some(hasEscapes)).toBe(true);
  });

  it.each(recordingNames)('%s: ends each row with a line naming its final status and cause', async (name) => {
    const lines = await plain(name);
    const state = replay(loadRecording(name));
    for (const row of topLevelRows(state)) {
      const label = `${row.kind === 'container' ? 'Container' : row.kind === 'network' ? 'Network' : row.kind === 'volume' ? 'Volume' : 'Image'} ${row.name} `;
      const last = [...lines].reverse().find((l) => l.startsWith(label));
      expect(last, `${row.id}`).toBeDefined();
      expect(last).toMatch(new RegExp(`\\s${row.status}(\\s|$)`));
      if (causeWords(row.cause) !== '' && row.bucket !== 'keep') expect(last).toContain(`(${row.cause})`);
      if (row.cause !== undefined && causeWords(row.cause) === '') expect(last).not.toContain(`(${row.cause})`);
    }
  });

  it('prints a line per change and never repeats one (nothing is redrawn)', async () => {
    for (const name of recordingNames) {
      const lines = await plain(name);
      for (let i = 1; i < lines.length; i++) expect(lines[i], `${name} line ${i}`).not.toBe(lines[i - 1]);
    }
  });

  it('prints layers when their words change, not on every byte count', async () => {
    const events = loadRecording('cold-up');
    const downloading = events.find((e) => e.type === 'action.progress' && e.resource.kind === 'layer' && e.text === 'Downloading');
    const layer = downloading && 'resource' in downloading ? downloading.resource?.name : '';
    const lines = (await plain('cold-up')).filter((l) => l.startsWith(`  ${layer}`));
    expect(lines.map((l) => l.trim().split(/\s{2,}/)[1])).toEqual(['Pulling fs layer', 'Downloading', 'Download complete', 'Pull complete']);
  });

  it('prints an error with its code, the runtime\'s words and the hint, then the summary', async () => {
    const lines = await plain('failing-health');
    const at = lines.findIndex((l) => l.startsWith('Container demo-db-1') && / Error /.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toMatch(/^ {2}error STK4501: /);
    expect(lines[at + 2]).toMatch(/^ {2}\| health check exited 2: db: connection refused$/);
    expect(lines[at + 3]).toMatch(/^ {2}hint: /);
    expect(lines.at(-1)).toMatch(/^\[\+\] up demo: 1 failed, 1 skipped, 4\/4 done in [\d.]+s$/);
  });

  it('prints messages as they come', async () => {
    const lines = await plain('recreate');
    expect(lines.filter((l) => l.startsWith('warning: STK4004 found containers of services this project no longer defines (cache)'))).toHaveLength(1);
  });

  it('prints no line for the moment between two steps of a group, when its text goes blank', async () => {
    const web = (await plain('recreate')).filter((l) => l.startsWith('Container demo-web-1'));
    expect(web.filter((l) => /Recreate\s*$/.test(l))).toEqual([]);
    expect(web.some((l) => /Recreate +removing$/.test(l))).toBe(true);
  });

  it('says the pass was interrupted when it is closed before the pass ends', async () => {
    const out = collector();
    await feed(createPlainRenderer({ out, color: false }), loadRecording('down').slice(0, 4));
    const lines = out.text().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\[\+\] down demo: interrupted, \d+\/\d+ done in [\d.]+s$/);
    expect(lines).toContain('Container demo-db-1     Not run');
  });
});
