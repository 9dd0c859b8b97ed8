import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { collect, missingBuild, scenariosOn, type Scenario, type TargetFactory } from './harness.ts';

/** The commands besides `up` and `down`, each with the behaviour users rely on from `docker compose`. */
export function describeCommands(factory: TargetFactory): void {
  const missing = factory.missing ?? missingBuild();
  announceSkip(`e2e commands (${factory.name})`, missing);

  describe.skipIf(missing)(`commands on ${factory.name}`, () => {
    const { scenario } = scenariosOn(factory);
    const ok = async (s: Scenario, args: readonly string[]) => {
      const r = await s.stack(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };

    it('run: a one-off container named <p>-<svc>-run-<slug>, its dependencies started, its exit code returned, --rm removing it', async () => {
      const s = scenario('Commands');
      const kept = await s.stack(['--profile', 'tools', 'run', '-T', 'tool']);
      expect(kept.code).toBe(3);
      expect(kept.stdout).toContain('tool default');
      expect((await s.container(`${s.project}-db-1`))?.state).toBe('running');
      const oneoffs = (await s.containers()).filter((c) => c.labels['com.docker.compose.oneoff'] === 'True');
      expect(oneoffs.map((c) => c.name)).toEqual([expect.stringMatching(new RegExp(`^${s.project}-tool-run-[0-9a-f]{12}$`))]);
      expect(oneoffs[0]?.labels['com.docker.compose.container-number']).toBeUndefined();
      const removed = await s.stack(['--profile', 'tools', 'run', '--rm', '-T', '-e', 'X=42', 'tool', 'sh', '-c', 'echo x=$X; exit 0']);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toContain('x=42');
      expect((await s.containers()).filter((c) => c.labels['com.docker.compose.oneoff'] === 'True')).toHaveLength(1);
      // A one-off is never a replica: up neither counts nor removes it.
      const plan = await ok(s, ['plan']);
      expect(plan.stdout).not.toMatch(/run-/);
    });

    it('exec: runs in the service container with its working dir, env and user flags, and returns the exit code', async () => {
      const s = scenario('Commands');
      await ok(s, ['up', '-d']);
      const r = await s.stack(['exec', '-T', '-e', 'A=b', '-u', 'nobody', 'web', 'sh', '-c', 'echo $A $(pwd) $(id -u); exit 7']);
      expect(r.code).toBe(7);
      expect(r.stdout.trim()).toBe('b /srv 65534');
      const input = await s.stack(['exec', '-T', 'web', 'cat'], { input: 'piped stdin\n' });
      expect(input.stdout).toBe('piped stdin\n');
      expect((await s.stack(['exec', '-T', 'tool', 'true'])).code).toBe(2);
    });

    it('cp: a file into a container and a directory back out', async () => {
      const s = scenario('Commands');
      await ok(s, ['up', '-d']);
      const host = mkdtempSync(join(tmpdir(), 'stk-cp-'));
      try {
        writeFileSync(join(host, 'note.txt'), 'carried\n');
        await ok(s, ['cp', join(host, 'note.txt'), 'web:/tmp/']);
        expect((await s.stack(['exec', '-T', 'web', 'cat', '/tmp/note.txt'])).stdout).toBe('carried\n');
        await ok(s, ['exec', '-T', 'web', 'sh', '-c', 'mkdir -p /tmp/d/sub && echo deep > /tmp/d/sub/f']);
        await ok(s, ['cp', 'web:/tmp/d', join(host, 'out')]);
        expect(readFileSync(join(host, 'out', 'sub', 'f'), 'utf8')).toBe('deep\n');
      } finally {
        rmSync(host, { recursive: true, force: true });
      }
    });

    it('ps: table, ids, services, states and JSON lines', async () => {
      const s = scenario('Commands');
      await ok(s, ['up', '-d']);
      await ok(s, ['stop', 'web']);
      const table = await ok(s, ['ps']);
      expect(table.stdout).toContain(`${s.project}-db-1`);
      expect(table.stdout).not.toContain(`${s.project}-web-1`);
      expect((await ok(s, ['ps', '-a', '--services'])).stdout).toBe('db\nweb\n');
      expect((await ok(s, ['ps', '-a', '--status', 'exited', '-q'])).stdout.trim()).toBe((await s.container(`${s.project}-web-1`))?.id);
      const json = (await ok(s, ['ps', '-a', '--format', 'json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(json.map((j) => [j.Name, j.Service, j.State, j.Project])).toEqual([
        [`${s.project}-db-1`, 'db', 'running', s.project],
        [`${s.project}-web-1`, 'web', 'exited', s.project],
      ]);
    });

    it('stop, start, restart, kill, pause, unpause and rm act on the selected services', async () => {
      const s = scenario('Commands');
      await ok(s, ['up', '-d']);
      const state = async (service: string) => (await s.container(`${s.project}-${service}-1`))?.state;
      await ok(s, ['pause', 'web']);
      expect(await state('web')).toBe('paused');
      await ok(s, ['unpause']);
      expect(await state('web')).toBe('running');
      await ok(s, ['kill', '-s', 'SIGTERM', 'web']);
      await eventually(async () => expect(await state('web')).toBe('exited'), { what: 'web to exit on SIGTERM' });
      await ok(s, ['start']);
      expect(await state('web')).toBe('running');
      const before = (await s.client.inspectContainer(`${s.project}-db-1`)).startedAt ?? 0;
      await ok(s, ['restart', 'db']);
      expect((await s.client.inspectContainer(`${s.project}-db-1`)).startedAt ?? 0).toBeGreaterThan(before);
      await ok(s, ['stop']);
      expect([await state('web'), await state('db')]).toEqual(['exited', 'exited']);
      const web = await s.client.inspectContainer(`${s.project}-web-1`);
      const db = await s.client.inspectContainer(`${s.project}-db-1`);
      // Dependents stop first: web (which depends on db) was down before db.
      expect(web.finishedAt ?? 0).toBeLessThanOrEqual(db.finishedAt ?? 0);
      await ok(s, ['rm', '-f', 'web']);
      expect(await state('web')).toBeUndefined();
      expect(await state('db')).toBe('exited');
    });

    it('wait returns the exit code; ls, top, images and events see the project', async () => {
      const s = scenario('Commands');
      await ok(s, ['up', '-d']);
      const ls = await ok(s, ['ls', '--format', 'json']);
      expect((JSON.parse(ls.stdout) as { Name: string }[]).map((p) => p.Name)).toContain(s.project);
      expect((await ok(s, ['top', 'web'])).stdout).toMatch(/sleep 3600/);
      expect((await ok(s, ['images', 'web'])).stdout).toMatch(/stack-test\/busybox +latest/);
      // --since replays what happened after this moment, however long the command takes to subscribe.
      const events = s.spawn(['events', '--json', '--since', new Date(Date.now() - 1000).toISOString()]);
      let printed = '';
      events.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      const seen = collect(events);
      const waiter = s.spawn(['wait', 'web']);
      const waited = collect(waiter);
      await eventually(async () => {
        const r = await s.stack(['kill', '-s', 'SIGTERM', 'web']);
        if (r.code !== 0) throw new Error(r.stderr);
      }, { what: 'web to be killed' });
      const result = await waited;
      expect(result.stdout).toContain(`${s.project}-web-1 exited with code 0`);
      expect(result.code).toBe(0);
      await eventually(() => expect(printed).toMatch(/"action":"die"/), { timeoutMs: 20_000, what: 'the die event' });
      events.kill('SIGINT');
      const lines = (await seen).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action: string; service: string });
      expect(lines.some((e) => e.action === 'die' && e.service === 'web')).toBe(true);
    });

    it('--progress json prints one event object per line, from pass.started to pass.finished', async () => {
      const s = scenario('Commands');
      const child = s.spawn(['--progress', 'json', 'up', '-d']);
      child.stdin?.end();
      const r = await collect(child);
      expect(r.code, r.stderr).toBe(0);
      const events = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { type: string; ok?: boolean });
      expect(events[0]?.type).toBe('pass.started');
      expect(events.at(-1)).toMatchObject({ type: 'pass.finished', ok: true });
      expect(events.filter((e) => e.type === 'action.started').length).toBe(events.filter((e) => e.type === 'action.succeeded').length);
    });

    it('attached up: prefixed logs; Ctrl+C stops the services gracefully and exits 130', async () => {
      const s = scenario('AttachedUp');
      const child = s.spawn(['up', '--no-color']);
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const done = collect(child);
      await eventually(() => expect(out).toMatch(/server-1 +\| server up/), { timeoutMs: 30_000, what: 'the server line' });
      await eventually(() => expect(out).toMatch(/job-1 +\| job ran/), { timeoutMs: 30_000, what: 'the job line' });
      child.kill('SIGINT');
      const result = await done;
      expect(result.code).toBe(130);
      expect(out).toMatch(/server-1 +\| server got TERM/);
      expect((await s.container(`${s.project}-server-1`))?.state).toBe('exited');
    });

    it('attached up --exit-code-from: stops everything when a container exits, and returns that service’s code', async () => {
      const s = scenario('AttachedUp');
      s.setVar('JOB_EXIT', '5');
      const r = await s.stack(['up', '--no-color', '--exit-code-from', 'job']);
      expect(r.code, r.stderr).toBe(5);
      expect(r.stdout).toMatch(/job-1 exited with code 5/);
      expect((await s.container(`${s.project}-server-1`))?.state).toBe('exited');
    });
  });
}
