import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeDashboardSource } from '../../src/engine/dashboard/index.ts';
import { createRuntimeClient, type RuntimeClient } from '../../src/runtime/client/index.ts';
import { loadProject, type Project } from '../../src/spec/index.ts';
import type { DashboardEvent, LogLine } from '../../src/ui/index.ts';
import { ensureBusyboxImage } from '../helpers/docker-images.ts';
import { eventually } from '../helpers/eventually.ts';
import { startStackd, type StackdHandle } from '../helpers/stackd.ts';
import { tempDir } from '../helpers/temp.ts';
import { stackdFactory } from './stackd-factory.ts';
import { describeDashboardSource } from './tui-source.ts';

// The dashboard's source against a private stackd (the same suite runs against Docker in tui-source-docker.test.ts).
describeDashboardSource(stackdFactory);

describe.skipIf(stackdFactory.missing)('the dashboard source when stackd goes away and comes back', () => {
  let stackd: StackdHandle | undefined;
  let client: (RuntimeClient & Disposable) | undefined;
  const dir = tempDir('stk-tui-src-');
  const abort = new AbortController();
  beforeAll(async () => {
    stackd = await startStackd();
    client = await createRuntimeClient({ runtime: 'bundled', env: {}, socketPath: stackd.socketPath });
    await ensureBusyboxImage(client);
  });
  afterAll(async () => {
    abort.abort();
    client?.[Symbol.dispose]();
    try {
      const left = await stackd?.dispose();
      expect(left).toEqual([]);
    } finally {
      dir[Symbol.dispose]();
    }
  });

  it('says the connection is lost, and reads the world afresh and follows the logs again once stackd answers', async () => {
    if (!stackd || !client) throw new Error('stackd did not start');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir.path}/compose.yaml`, 'name: reconnect\nservices:\n  app:\n    image: stack-test/busybox:latest\n    command: ["sh", "-c", "trap \'exit 0\' TERM; n=0; while true; do n=$$((n+1)); echo line $$n; sleep 0.3; done"]\n    restart: always\n');
    const project = loadProject({ files: [], cwd: dir.path, env: {} }).project as Project;
    const source = new RuntimeDashboardSource({ client, project, statsIntervalMs: 500, reconnectMs: 100, parallel: 4, version: 'test' });
    const up = await source.actions.start('app', { signal: abort.signal });
    expect(up).toBeUndefined();
    const events: DashboardEvent[] = [];
    const lines: LogLine[] = [];
    void (async () => {
      for await (const e of source.events({ signal: abort.signal })) events.push(e);
    })();
    void (async () => {
      for await (const l of source.logs({ signal: abort.signal, tail: 10 })) lines.push(l);
    })();
    await eventually(() => expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(1), { timeoutMs: 20_000 });
    await eventually(() => expect(lines.length).toBeGreaterThan(0), { timeoutMs: 20_000 });

    await stackd.stop();
    await eventually(() => expect(events.some((e) => e.type === 'connection' && e.state === 'lost' && e.error?.code === 'STK5001')).toBe(true), { timeoutMs: 20_000 });
    await stackd.restart();
    // Read afresh: a second snapshot, the container still there (conmon kept it running across the daemon's restart).
    await eventually(() => expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(2), { timeoutMs: 30_000 });
    const snapshot = events.filter((e): e is Extract<DashboardEvent, { type: 'snapshot' }> => e.type === 'snapshot').at(-1);
    expect(snapshot?.snapshot.services.map((s) => [s.name, s.containers.length])).toEqual([['app', 1]]);
    const seen = lines.length;
    await eventually(() => expect(lines.length).toBeGreaterThan(seen + 2), { timeoutMs: 30_000 });
    const keys = lines.map((l) => `${l.time} ${l.text}`);
    expect(new Set(keys).size).toBe(keys.length);
    await client.removeContainer('reconnect-app-1', { force: true });
    for (const n of await client.listNetworks({ labels: ['com.docker.compose.project=reconnect'] })) await client.removeNetwork(n.id);
  });
});
