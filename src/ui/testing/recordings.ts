import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineEvent } from '../../engine/events.ts';

/** The recorded event sequences under fixtures/events, one per scenario the views must show. */
export const recordingNames = ['cold-up', 'recreate', 'failing-health', 'scaled', 'down'] as const;
export type RecordingName = (typeof recordingNames)[number];

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'events');

/** The events of a recording, in order (one JSON object per line). */
export function loadRecording(name: RecordingName): EngineEvent[] {
  return readFileSync(join(fixturesDir, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EngineEvent);
}
