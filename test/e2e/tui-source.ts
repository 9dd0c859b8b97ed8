import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStackError } from '../../src/base/index.ts';
import { RuntimeDashboardSource, type ReloadResult } from '../../src/engine/dashboard/index.ts';
import { loadProject, type Project } from '../../src/spec/index.ts';
import type { DashboardEvent, LogLine } from '../../src/ui/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { freePort, missingBuild, Scenario, type RuntimeTarget, type TargetFactory } from './harness.ts';

/**
 * The dashboard's source over a real runtime, the same scenarios on Docker
 * and on stackd: what the dashboard reads (rows, ports, health, restart
 * counts, stats, logs, details, the plan after a file change) and what its
 * keys do (restart, stop, start, recreate, rebuild), checked against the
 * runtime's own answers.
 */
export function describeDashboardSource(factory: TargetFactory): void {
  const missing = factory.missing ?? missingBuild();
  announceSkip(`e2e dashboard source (${factory.name})`, missing);

  describe.skipIf(missing)(`the dashboard source on ${factory.name}`, () => {
    let target: RuntimeTarget | undefined;
    let s: Scenario;
    let source: RuntimeDashboardSource;
    const abort = new AbortController();
    const events: DashboardEvent[] = [];
    const lines: LogLine[] = [];
    let port = 0;
    const load = (): ReloadResult => {
      const result = loadProject({ files: [], cwd: s.dir, env: s.env() });
      return { ...(result.project ? { project: result.project } : {}), diagnostics: result.diagnostics, files: [...result.sources.keys()].filter((f) => f.startsWith('/')) };
    };

    beforeAll(async () => {
      target = await factory.open();
      s = new Scenario(target, 'TuiStack');
      port = await freePort();
      s.setVar('WEB_PORT', String(port));
      writeFileSync(join(s.dir, 'compose.override.yaml'), flakyOverride);
      const up = await s.stack(['up', '-d']);
      expect(up.code, up.stderr).toBe(0);
      const first = load();
      source = new RuntimeDashboardSource({ client: target.client, project: first.project as Project, files: first.files, reload: async () => load(), statsIntervalMs: 500, reconnectMs: 100, parallel: 4, version: 'test' });
      void (async () => {
        for await (const e of source.events({ signal: abort.signal })) events.push(e);
      })();
      void (async () => {
        for await (const l of source.logs({ signal: abort.signal, tail: 50 })) lines.push(l);
      })();
      await eventually(() => expect(events.some((e) => e.type === 'snapshot')).toBe(true), { timeoutMs: 20_000 });
    });
    afterAll(async () => {
      abort.abort();
      try {
        await s?.dispose();
      } finally {
        await target?.dispose();
      }
    });
    const signal = () => abort.signal;
    const latest = <T extends DashboardEvent['type']>(type: T) => events.filter((e): e is Extract<DashboardEvent, { type: T }> => e.type === type).at(-1);

    it('reads every service with its containers, published port, health and a start time', async () => {
      const snapshot = await source.snapshot({ signal: signal() });
      expect(snapshot.runtime).toBe(factory.name === 'docker' ? 'docker' : 'stackd');
      expect(snapshot.services.map((x) => x.name)).toEqual(['db', 'flaky', 'web', 'worker']);
      const web = snapshot.services.find((x) => x.name === 'web');
      expect(web?.ports).toEqual([{ hostIp: '127.0.0.1', published: port, target: 8080, protocol: 'tcp' }]);
      expect(web?.containers).toEqual([expect.objectContaining({ name: `${s.project}-web-1`, number: 1, state: 'running', restarts: 0 })]);
      expect(web?.containers[0]?.startedAt).toBeGreaterThan(Date.now() - 120_000);
      await eventually(async () => expect((await source.snapshot({ signal: signal() })).services.find((x) => x.name === 'db')?.containers[0]?.health).toBe('healthy'));
    });

    it('counts a restart by the policy as it happens (a start, not a restart event)', async () => {
      await eventually(
        () => {
          const flaky = events.filter((e): e is Extract<DashboardEvent, { type: 'container' }> => e.type === 'container' && e.service === 'flaky' && e.action === 'start');
          expect(Math.max(0, ...flaky.map((e) => e.restarts ?? 0))).toBeGreaterThanOrEqual(1);
        },
        { timeoutMs: 30_000 },
      );
      const details = await s.client.inspectContainer(`${s.project}-flaky-1`);
      expect(details.restartCount).toBeGreaterThanOrEqual(1);
    });

    it('samples CPU and memory of the running containers', async () => {
      await eventually(() => {
        const stats = latest('stats');
        expect(stats?.samples.map((x) => x.container)).toEqual(expect.arrayContaining([`${s.project}-web-1`, `${s.project}-db-1`]));
        expect(stats?.samples.every((x) => x.memoryBytes > 0 && x.cpuPercent >= 0)).toBe(true);
      }, { timeoutMs: 20_000 });
    });

    it('follows the logs of every service, with the service and container of each line', async () => {
      await eventually(() => expect(lines.some((l) => l.service === 'web' && l.container === `${s.project}-web-1` && /^web tick \d+$/.test(l.text))).toBe(true), { timeoutMs: 20_000 });
      expect(lines.every((l) => l.time === undefined || Number.isFinite(l.time))).toBe(true);
    });

    it('restart: the row flips at once, its count goes up, and the logs go on without a line twice', async () => {
      const before = (await s.client.inspectContainer(`${s.project}-web-1`)).startedAt ?? 0;
      const seen = events.length;
      await source.actions.restart('web', { signal: signal() });
      expect((await s.client.inspectContainer(`${s.project}-web-1`)).startedAt).toBeGreaterThan(before);
      await eventually(() => {
        const restart = events.slice(seen).find((e): e is Extract<DashboardEvent, { type: 'container' }> => e.type === 'container' && e.service === 'web' && e.action === 'restart');
        expect(restart?.restarts).toBe(1);
      });
      // The new process counts from 1 again: its lines come through after the restart, none twice.
      const restartedAt = (await s.client.inspectContainer(`${s.project}-web-1`)).startedAt ?? 0;
      await eventually(() => expect(lines.some((l) => l.service === 'web' && (l.time ?? 0) >= restartedAt && l.text === 'web tick 2')).toBe(true), { timeoutMs: 20_000 });
      const ticks = lines.filter((l) => l.service === 'web' && /^web tick/.test(l.text)).map((l) => `${l.time} ${l.text}`);
      expect(new Set(ticks).size).toBe(ticks.length);
    });

    it('stop and start: the row goes exited, then running', async () => {
      await source.actions.stop('worker', { signal: signal() });
      expect((await s.container(`${s.project}-worker-1`))?.state).toBe('exited');
      await eventually(() => expect(events.some((e) => e.type === 'container' && e.service === 'worker' && e.action === 'die')).toBe(true));
      await source.actions.start('worker', { signal: signal() });
      expect((await s.container(`${s.project}-worker-1`))?.state).toBe('running');
    });

    it('details: the definition, environment, networks and health checks, and the plan (up to date)', async () => {
      const details = await source.details('db', { signal: signal() });
      expect(details.config).toMatch(/^db:\n/);
      expect(details.config).toContain('image: stack-test/busybox:latest');
      expect(details.environment.ROLE).toBe('database');
      expect(details.networks.map((n) => n.name)).toEqual([`${s.project}_default`]);
      expect(details.networks[0]?.aliases).toContain('db');
      expect(details.health.length).toBeGreaterThan(0);
      expect(details.health.every((h) => h.exitCode === 0)).toBe(true);
      expect(details.plan).toEqual([]);
    });

    it('a changed stack file gives the plan `up` would apply; recreate applies it, with a new container', async () => {
      const file = join(s.dir, 'compose.override.yaml');
      writeFileSync(file, `${flakyOverride}  worker:\n    environment:\n      MODE: two\n`);
      const plan = await eventually(() => {
        const p = latest('plan');
        expect(p?.resources.filter((r) => r.bucket !== 'keep').map((r) => `${r.bucket} ${r.resource.name}`)).toEqual([`recreate ${s.project}-worker-1`]);
        return p;
      }, { timeoutMs: 20_000 });
      expect(plan?.files).toEqual([file]);
      const before = (await s.container(`${s.project}-worker-1`))?.id;
      await source.actions.recreate('worker', { signal: signal() });
      const after = await s.container(`${s.project}-worker-1`);
      expect(after?.id).not.toBe(before);
      expect(after?.state).toBe('running');
      // The plan shown is brought up to date after the action, under the time of the change.
      await eventually(() => expect(latest('plan')?.resources.filter((r) => r.bucket !== 'keep')).toEqual([]));
      expect(latest('plan')?.at).toBe(plan?.at);
      // The rows follow the replacement: one worker container, running.
      await eventually(async () => expect((await source.snapshot({ signal: signal() })).services.find((x) => x.name === 'worker')?.containers.map((c) => c.state)).toEqual(['running']));
    });

    it('a stack file that does not load is reported with its code and position, and nothing else changes', async () => {
      writeFileSync(join(s.dir, 'compose.override.yaml'), 'services:\n  worker:\n    ports: [nope]\n');
      await eventually(() => expect(latest('plan')?.problem).toMatch(/^compose\.override\.yaml:3:\d+ STK\d{4} /), { timeoutMs: 20_000 });
      writeFileSync(join(s.dir, 'compose.override.yaml'), flakyOverride);
    });

    it('rebuild of a service with only an image pulls it again: an image no registry has fails with our code', async () => {
      const error = await source.actions.rebuild('worker', { signal: signal() }).then(() => undefined, (e: unknown) => e);
      expect(isStackError(error)).toBe(true);
      expect((error as { code: string }).code).toMatch(/^STK5\d{3}$/);
      expect((await s.container(`${s.project}-worker-1`))?.state).toBe('running');
    });
  });
}

/** A service its restart policy brings back every few seconds. */
const flakyOverride = `services:
  flaky:
    image: stack-test/busybox:latest
    command: ["sh", "-c", "echo flaky up; sleep 1; exit 3"]
    restart: on-failure
`;
