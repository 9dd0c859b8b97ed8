import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { announceSkip } from '../helpers/requirements.ts';
import { codes, freePort, missingBuild, scenariosOn, type TargetFactory } from './harness.ts';

/**
 * Bad input at run time: a clear error with our code, the right exit code,
 * and nothing left half-done for the failing part.
 */
export function describeBadInput(factory: TargetFactory): void {
  const missing = factory.missing ?? missingBuild();
  announceSkip(`e2e bad input (${factory.name})`, missing);

  describe.skipIf(missing)(`bad input on ${factory.name}`, () => {
    const { scenario } = scenariosOn(factory);

    it('an image that is not present and cannot be pulled: exit 1 naming image and service, no container of that service', async () => {
      const s = scenario('MissingImage');
      const result = await s.stack(['up', '-d']);
      expect(result.code).toBe(1);
      expect(codes(result.stderr)).toContain('STK5018');
      expect(result.stderr).toMatch(/stack-test\/does-not-exist:1/);
      expect(result.stderr).toMatch(/service "web"/);
      expect((await s.containers()).filter((c) => c.labels['com.docker.compose.service'] === 'web')).toEqual([]);
    });

    it('a host port already in use: exit 1 naming the port; the container stays created, and the next up starts it', async () => {
      const s = scenario('PortInUse');
      const port = await freePort();
      s.setVar('WEB_PORT', String(port));
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
      try {
        const result = await s.stack(['up', '-d']);
        expect(result.code).toBe(1);
        expect(codes(result.stderr)).toContain('STK5013');
        expect(result.stderr).toContain(String(port));
        expect((await s.container(`${s.project}-web-1`))?.state).toBe('created');
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
      const again = await s.stack(['up', '-d']);
      expect(again.code, again.stderr).toBe(0);
      expect((await s.container(`${s.project}-web-1`))?.state).toBe('running');
    });

    it('a service on the command line that does not exist: exit 2 with a diagnostic listing the services', async () => {
      const s = scenario('PortInUse');
      const result = await s.stack(['up', '-d', 'nope']);
      expect(result.code).toBe(2);
      expect(codes(result.stderr)).toEqual(['STK4009']);
      expect(result.stderr).toMatch(/web/);
      expect(await s.containers()).toEqual([]);
      const logs = await s.stack(['logs', 'nope']);
      expect(logs.code).toBe(2);
    });

    it('a runtime that is not reachable: exit 1, naming the endpoint tried and how to start one', async () => {
      const s = scenario('PortInUse');
      const result = await s.stack(['up', '-d'], { env: factory.unreachable.env });
      expect(result.code).toBe(1);
      expect(codes(result.stderr)).toContain('STK5001');
      expect(result.stderr).toContain(factory.unreachable.names);
      expect(result.stderr).toMatch(/hint/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('an unknown --runtime is a usage error (exit 2)', async () => {
      const s = scenario('PortInUse');
      const result = await s.stack(['--runtime', 'podman', 'ps']);
      expect(result.code).toBe(2);
      expect(codes(result.stderr)).toEqual(['STK7005']);
    });
  });
}
