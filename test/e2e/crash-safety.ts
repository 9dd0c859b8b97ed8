import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { missingBuild, Scenario, type RuntimeTarget, type TargetFactory } from './harness.ts';

/**
 * Crash safety: `stack up` killed with SIGKILL at random points of its work,
 * then run again, converges to the same state as an uninterrupted run (the
 * same containers, each service's replica count, no duplicates, no leftover
 * `<id>_name` replacement), and `down` then leaves nothing of the project.
 *
 * The kill point is the k-th line of progress output, k drawn by fast-check
 * from a seed (CRASH_SEED replays a run; the seed is printed). Each trial
 * flips MODE, so trials interrupt recreates too, not only creates.
 */

export function describeCrashSafety(factory: TargetFactory): void {
  const missing = factory.missing ?? missingBuild();
  announceSkip(`e2e crash safety (${factory.name})`, missing);
  describe.skipIf(missing)(`crash safety: ${factory.name}`, () => {
    let target: RuntimeTarget | undefined;
    let s: Scenario | undefined;
    beforeAll(async () => {
      target = await factory.open();
      s = new Scenario(target, 'CrashSafety');
      s.setVar('E2E_SUBNET2', `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/24`);
    });
    afterAll(async () => {
      try {
        await s?.dispose();
      } finally {
        await target?.dispose();
      }
    });

    it('converges after up is SIGKILLed at random moments, ten times, and down leaves nothing', { timeout: 900_000 }, async () => {
      const scenario = s as Scenario;
      const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`crash safety: CRASH_SEED=${seed}`);
      // Up to ~25 progress lines in a pass: kill anywhere from before the first to near the end.
      const killPoints = fc.sample(fc.integer({ min: 0, max: 24 }), { seed, numRuns: 10 });
      const p = scenario.project;
      const expected = [`${p}-api-1`, `${p}-api-2`, `${p}-db-1`, `${p}-job-1`, `${p}-web-1`];

      for (let trial = 0; trial < 10; trial++) {
        const mode = trial % 2 === 0 ? 'b' : 'a';
        const killAt = killPoints[trial] as number;
        const child = scenario.spawn(['up', '-d'], { MODE: mode });
        let lines = 0;
        let exited = false;
        child.on('exit', () => (exited = true));
        child.stderr?.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').length - 1));
        await eventually(
          () => {
            if (!exited && lines < killAt) throw new Error(`${lines} of ${killAt} lines`);
          },
          { timeoutMs: 120_000, intervalMs: 5, what: `line ${killAt} of up` },
        );
        child.kill('SIGKILL');
        await eventually(() => expect(exited).toBe(true), { timeoutMs: 10_000, what: 'the killed up to exit' });
        console.log(`crash safety: trial ${trial}: MODE=${mode}, killed after ${lines} lines${lines < killAt ? ' (it had finished)' : ''}`);

        const again = await scenario.stack(['up', '-d'], { env: { MODE: mode } });
        expect(again.code, again.stderr).toBe(0);
        const containers = await scenario.containers();
        expect(containers.map((c) => c.name)).toEqual(expected);
        for (const c of containers) {
          if (c.name.endsWith('-job-1')) expect(c.exitCode).toBe(0);
          else expect(c.state, c.name).toBe('running');
        }
        for (const name of [`${p}-db-1`, `${p}-web-1`]) expect((await scenario.client.inspectContainer(name)).config.env).toContain(`MODE=${mode}`);
        const plan = await scenario.stack(['plan'], { env: { MODE: mode } });
        expect(plan.stdout).toMatch(/nothing to do/);
      }

      const down = await scenario.stack(['down']);
      expect(down.code, down.stderr).toBe(0);
      expect(await scenario.containers()).toEqual([]);
      expect(await scenario.networks()).toEqual([]);
      expect(await scenario.volumes()).toEqual([`${p}_data`]);
      const downV = await scenario.stack(['down', '-v']);
      expect(downV.code, downV.stderr).toBe(0);
      expect(await scenario.volumes()).toEqual([]);
    });
  });
}
