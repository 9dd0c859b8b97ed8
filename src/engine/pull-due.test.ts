import { describe, expect, it } from 'vitest';
import type { ImageDetails } from '../runtime/client/index.ts';
import { loadMemory } from '../spec/testing/load-memory.ts';
import { pullDue, pullPeriodMs } from './pull-due.ts';

const DAY = 24 * 3600 * 1000;

function image(lastTag: string | undefined, created = 0): ImageDetails {
  return {
    id: 'sha256:x',
    repoTags: [],
    repoDigests: [],
    created,
    size: 0,
    labels: {},
    architecture: 'amd64',
    os: 'linux',
    config: { cmd: undefined, entrypoint: undefined, env: [], workingDir: '', user: '', exposedPorts: [], volumes: [], hasHealthcheck: false },
    raw: lastTag === undefined ? {} : { Metadata: { LastTagTime: lastTag } },
  };
}

describe('pullDue (time-based pull_policy)', () => {
  const project = loadMemory({
    '/p/compose.yaml': 'services:\n  a:\n    image: nginx\n    pull_policy: daily\n  b:\n    image: redis\n    pull_policy: every_2h\n  c:\n    image: busybox\n    pull_policy: always\n',
  }).project!;
  const now = Date.parse('2026-06-02T12:00:00Z');

  it('is due once the image was last tagged longer ago than the period', () => {
    const images = new Map([
      ['nginx', image('2026-06-01T11:00:00Z')],
      ['redis', image('2026-06-02T11:00:00Z')],
      ['busybox', image('2020-01-01T00:00:00Z')],
    ]);
    expect(pullDue(project, images, now)).toEqual(['nginx']);
  });

  it('falls back on the creation time when the engine keeps no tag time; leaves missing images to the planner', () => {
    expect(pullDue(project, new Map([['redis', image(undefined, now - 3 * 3600 * 1000)]]), now)).toEqual(['redis']);
    expect(pullDue(project, new Map(), now)).toEqual([]);
  });

  it('reads the periods Compose defines', () => {
    expect(pullPeriodMs('daily')).toBe(DAY);
    expect(pullPeriodMs('weekly')).toBe(7 * DAY);
    expect(pullPeriodMs('every_30m')).toBe(30 * 60 * 1000);
    expect(pullPeriodMs('always')).toBeUndefined();
  });
});
