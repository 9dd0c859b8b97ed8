import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip } from '../helpers/requirements.ts';
import { eventually } from '../helpers/eventually.ts';
import { ContainerFixture, collect, containerTestsMissing } from './containers-fixture.ts';
import type { ContainerEvent } from '../../src/runtime/daemon/containers/index.ts';

announceSkip('containers lifecycle', containerTestsMissing);

describe.skipIf(containerTestsMissing)('containers: lifecycle on runc + conmon', () => {
  let f: ContainerFixture;
  const events: ContainerEvent[] = [];
  beforeAll(async () => {
    f = await ContainerFixture.create();
    f.manager.events((e) => events.push(e));
  });
  afterAll(async () => {
    const leftovers = await f?.cleanup();
    expect(leftovers).toEqual([]);
  });

  it('runs a command, records its exit status and keeps its output with streams', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    const result = await f.manager.wait(id);
    expect(result.StatusCode).toBe(3);
    const lines = [];
    for await (const line of f.manager.io.logs(id)) lines.push({ stream: line.stream, line: line.line });
    expect(lines).toEqual([
      { stream: 'stdout', line: 'out' },
      { stream: 'stderr', line: 'err' },
    ]);
    const state = f.manager.inspect(id).State;
    expect(state).toMatchObject({ Status: 'exited', ExitCode: 3, Running: false });
    const actions = events.filter((e) => e.id === id).map((e) => e.action);
    expect(actions).toEqual(['create', 'start', 'die']);
    expect(events.find((e) => e.id === id && e.action === 'die')?.attributes.exitCode).toBe('3');
  });
});
