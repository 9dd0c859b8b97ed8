import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { codes, freePort, missingBuild, scenariosOn, serviceLabel, type Scenario, type TargetFactory } from './harness.ts';

/**
 * The end-to-end scenarios, one intent each, for any runtime (Docker today,
 * stackd later: the same suite, another factory). Steps read as command →
 * observables; state is checked through the runtime API; waits use
 * eventually(), never sleeps.
 */
export function describeScenarios(factory: TargetFactory): void {
  const missing = factory.missing ?? missingBuild();
  announceSkip(`e2e scenarios (${factory.name})`, missing);

  describe.skipIf(missing)(`scenarios on ${factory.name}`, () => {
    const { scenario } = scenariosOn(factory);
    const up = async (s: Scenario, args: readonly string[] = []) => {
      const result = await s.stack(['up', '-d', ...args]);
      expect(result.code, result.stderr).toBe(0);
      return result;
    };

    it('starts each service once its dependencies meet their conditions (started, healthy, completed, optional)', async () => {
      const s = scenario('DependencyConditions');
      const result = await up(s);
      const inspect = async (service: string) => s.client.inspectContainer(`${s.project}-${service}-1`);
      const [web, db, migrate, cache] = await Promise.all(['web', 'db', 'migrate', 'cache'].map(inspect));
      expect(web?.state).toBe('running');
      const firstHealthy = db?.healthLog.find((h) => h.exitCode === 0)?.end ?? Number.POSITIVE_INFINITY;
      expect(web?.startedAt ?? 0).toBeGreaterThanOrEqual(firstHealthy);
      expect(migrate?.exitCode).toBe(0);
      expect(web?.startedAt ?? 0).toBeGreaterThanOrEqual(migrate?.finishedAt ?? Number.POSITIVE_INFINITY);
      expect(web?.startedAt ?? 0).toBeGreaterThanOrEqual(cache?.startedAt ?? Number.POSITIVE_INFINITY);
      // flaky is required: false: its failure is a warning naming it, and web started anyway.
      expect(result.stderr).toMatch(/flaky/);
    });

    it('serves a published port on 127.0.0.1', async () => {
      const s = scenario('PublishedPort');
      const port = await freePort();
      s.setVar('WEB_PORT', String(port));
      await up(s);
      const body = await eventually(async () => (await fetch(`http://127.0.0.1:${port}/index.html`)).text(), { timeoutMs: 20_000, what: `http://127.0.0.1:${port}` });
      expect(body.trim()).toBe('published-ok');
      const printed = await s.stack(['port', 'web', '8080']);
      expect(printed.stdout.trim()).toBe(`127.0.0.1:${port}`);
    });

    it('lets containers reach each other by service name and by alias', async () => {
      const s = scenario('ServiceDns');
      await up(s);
      for (const host of ['server', 'backend']) {
        const out = await eventually(
          async () => {
            const r = await s.stack(['exec', '-T', 'client', 'wget', '-qO-', `http://${host}:8080/index.html`]);
            if (r.code !== 0) throw new Error(`exec exited ${r.code}: ${r.stderr}`);
            return r.stdout;
          },
          { timeoutMs: 20_000, what: `wget http://${host}:8080` },
        );
        expect(out.trim()).toBe('dns-ok');
      }
    });

    it('touches nothing on a second up: same containers, no create, start or stop events', async () => {
      const s = scenario('SecondUpTouchesNothing');
      await up(s);
      const before = await s.ids();
      const since = Date.now() - 1;
      const second = await up(s);
      const until = Date.now() + 1;
      expect(await s.ids()).toEqual(before);
      const actions: string[] = [];
      for await (const event of s.client.events({ labels: [`com.docker.compose.project=${s.project}`], since: new Date(since), until: new Date(until) })) actions.push(`${event.type} ${event.action}`);
      expect(actions).toEqual([]);
      expect(second.stderr).not.toMatch(/Creat|Start|Stop|Remov/);
    });

    it('recreates only the service whose environment changed', async () => {
      const s = scenario('EnvChangeRecreatesOnlyThatService');
      await up(s);
      const before = await s.ids();
      s.setVar('MODE', 'two');
      await up(s);
      const after = await s.ids();
      expect(after[`${s.project}-db-1`]).toBe(before[`${s.project}-db-1`]);
      expect(after[`${s.project}-web-1`]).toBeDefined();
      expect(after[`${s.project}-web-1`]).not.toBe(before[`${s.project}-web-1`]);
      const web = await s.client.inspectContainer(`${s.project}-web-1`);
      expect(web.config.env).toContain('MODE=two');
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    });

    it('recreates the service whose env_file was edited, and only it', async () => {
      const s = scenario('EnvFileEditRecreates');
      await up(s);
      const before = await s.ids();
      s.writeFile('web.env', 'GREETING=bonjour\n');
      const plan = await s.stack(['plan']);
      expect(plan.stdout).toMatch(/recreate service:web#1/);
      await up(s);
      const after = await s.ids();
      expect(after[`${s.project}-db-1`]).toBe(before[`${s.project}-db-1`]);
      expect(after[`${s.project}-web-1`]).not.toBe(before[`${s.project}-web-1`]);
      expect((await s.client.inspectContainer(`${s.project}-web-1`)).config.env).toContain('GREETING=bonjour');
    });

    it('scales to 3 replicas, then back to 1 keeping the first', async () => {
      const s = scenario('ScaleThreeThenOne');
      await up(s, ['--scale', 'web=3']);
      const three = await s.ids();
      expect(Object.keys(three)).toEqual([1, 2, 3].map((n) => `${s.project}-web-${n}`));
      await up(s, ['--scale', 'web=1']);
      expect(await s.ids()).toEqual({ [`${s.project}-web-1`]: three[`${s.project}-web-1`] });
    });

    it('keeps orphans with a warning, and removes them with --remove-orphans', async () => {
      const s = scenario('OrphansRemoved');
      await up(s);
      s.writeFile('compose.yaml', s.readFile('compose.yaml').replace(/  worker:\n.*\n.*\n/, ''));
      const kept = await up(s);
      expect(codes(kept.stderr)).toContain('STK4004');
      expect(Object.keys(await s.ids())).toContain(`${s.project}-worker-1`);
      await up(s, ['--remove-orphans']);
      expect(Object.keys(await s.ids())).toEqual([`${s.project}-web-1`]);
    });

    it('down keeps named volumes; down -v removes them', async () => {
      const s = scenario('DownKeepsNamedVolumes');
      await up(s);
      expect(await s.volumes()).toEqual([`${s.project}_data`]);
      const down = await s.stack(['down']);
      expect(down.code, down.stderr).toBe(0);
      expect(await s.containers()).toEqual([]);
      expect(await s.networks()).toEqual([]);
      expect(await s.volumes()).toEqual([`${s.project}_data`]);
      await up(s);
      const downV = await s.stack(['down', '-v']);
      expect(downV.code, downV.stderr).toBe(0);
      expect(await s.volumes()).toEqual([]);
      expect(await s.containers()).toEqual([]);
    });

    it('down works from the labels with -p and no compose file', async () => {
      const s = scenario('DownKeepsNamedVolumes');
      await up(s);
      s.writeFile('compose.yaml', '');
      const down = await s.stack(['-p', s.project, '-f', '/nonexistent/compose.yaml', 'down']);
      // -f names a missing file: that is bad input, not a labels-only down.
      expect(down.code).toBe(2);
      const { rmSync } = await import('node:fs');
      rmSync(`${s.dir}/compose.yaml`);
      const fromLabels = await s.stack(['-p', s.project, 'down', '-v']);
      expect(fromLabels.code, fromLabels.stderr).toBe(0);
      expect(await s.containers()).toEqual([]);
      expect(await s.volumes()).toEqual([]);
    });

    it('up --wait exits 1 naming the service whose health check fails, with its last output', async () => {
      const s = scenario('FailingHealthCheckFailsWait');
      const result = await s.stack(['up', '--wait']);
      expect(result.code).toBe(1);
      expect(codes(result.stderr)).toContain('STK4501');
      expect(result.stderr).toMatch(/service "api"/);
      expect(result.stderr).toMatch(/db-not-reachable/);
    });

    it('up --wait is satisfied by a one-shot job that exits 0', async () => {
      const s = scenario('OneShotSatisfiesWait');
      const result = await s.stack(['up', '--wait', '--wait-timeout', '60']);
      expect(result.code, result.stderr).toBe(0);
      expect((await s.client.inspectContainer(`${s.project}-init-1`)).exitCode).toBe(0);
      expect((await s.client.inspectContainer(`${s.project}-web-1`)).health).toBe('healthy');
    });

    it('logs -f follows a container across restarts and picks up new replicas', async () => {
      const s = scenario('LogsFollowRestarts');
      await up(s);
      const follower = s.spawn(['logs', '-f', '--no-color']);
      let out = '';
      follower.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await eventually(() => expect(out.match(/web-1 +\| started-/g)?.length).toBe(1), { timeoutMs: 20_000, what: 'the first start line' });
      await eventually(() => expect(out).toMatch(/web-1 +\| burst-300\n/), { timeoutMs: 20_000, what: 'the end of the first burst' });
      expect((await s.stack(['restart', 'web'])).code).toBe(0);
      await eventually(() => expect(out.match(/web-1 +\| started-/g)?.length).toBe(2), { timeoutMs: 20_000, what: 'the line after the restart' });
      await up(s, ['--scale', 'web=2']);
      await eventually(() => expect(out).toMatch(/web-2 +\| started-/), { timeoutMs: 20_000, what: 'the new replica' });
      await eventually(() => expect(out).toMatch(/web-2 +\| burst-300\n/), { timeoutMs: 20_000, what: 'the new replica\'s last line' });
      follower.kill('SIGINT');
      const lines = out.split('\n').filter((l) => l.includes('started-'));
      expect(new Set(lines).size).toBe(lines.length);
      // Each run's burst whole, once: web-1 ran twice, web-2 once.
      const burst = (replica: string) => out.split('\n').flatMap((l) => new RegExp(`^${replica} +\\| burst-(\\d+)$`).exec(l)?.[1] ?? []);
      const oneRun = Array.from({ length: 300 }, (_, i) => String(i + 1));
      expect(burst('web-1')).toEqual([...oneRun, ...oneRun]);
      expect(burst('web-2')).toEqual(oneRun);
    });

    it('names the containers <project>-<service>-<n> with the Compose labels', async () => {
      const s = scenario('ScaleThreeThenOne');
      await up(s);
      const [web] = await s.containers();
      expect(web?.name).toBe(`${s.project}-web-1`);
      expect(web?.labels).toMatchObject({ 'com.docker.compose.project': s.project, [serviceLabel]: 'web', 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' });
      expect(web?.labels['com.docker.compose.config-hash']).toMatch(/^[0-9a-f]{64}$/);
      expect(await s.networks()).toEqual([`${s.project}_default`]);
    });
  });
}
