import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxImage } from '../helpers/docker-images.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { containerChecks } from './runtime-client-containers.ts';
import { SuiteContext, type RuntimeClientTarget } from './runtime-client-context.ts';
import { errorChecks } from './runtime-client-errors.ts';
import { imageChecks } from './runtime-client-images.ts';
import { networkingChecks } from './runtime-client-networking.ts';
import { stdioChecks } from './runtime-client-stdio.ts';

export type { RuntimeClientTarget } from './runtime-client-context.ts';

/** Capabilities a target declares it does not have, each with the reason printed when its checks are skipped. */
export interface MissingCapabilities {
  /** Building images from a Dockerfile (`POST /build`). */
  readonly build?: string;
}

export interface SuiteOptions {
  /** Why the whole suite cannot run here (no engine, not root...). */
  readonly skip?: string | undefined;
  /** Declared gaps: their checks are replaced by one that the gap is reported as a clear, coded error. */
  readonly lacks?: MissingCapabilities;
}

/**
 * The conformance suite every RuntimeClient target must pass: Docker now,
 * stackd later (containerd's snapshotter testsuite is the model). It uses
 * only the RuntimeClient interface, labels everything it makes with a unique
 * project and run, and removes it all in afterAll, even after a failure.
 *
 *   describeRuntimeClient('docker', async () => ({ client, clientAt, dispose }), { skip: missingDockerd() });
 */
export function describeRuntimeClient(name: string, setup: () => Promise<RuntimeClientTarget>, options: SuiteOptions = {}): void {
  announceSkip(`runtime client conformance (${name})`, options.skip);
  for (const [capability, reason] of Object.entries(options.lacks ?? {})) announceSkip(`runtime client conformance (${name}): ${capability}`, reason);
  describe.skipIf(options.skip)(`runtime client conformance: ${name}`, () => {
    const ctx = new SuiteContext();

    beforeAll(async () => {
      await ctx.attach(await setup());
      await ensureBusyboxImage(ctx.client);
    });

    afterAll(() => ctx.close());

    it('ping, version and info describe the engine', async () => {
      await ctx.client.ping();
      const version = await ctx.client.version();
      expect(version.negotiatedApiVersion).toMatch(/^1\.\d+$/);
      expect(version.os).toBe('linux');
      const info = await ctx.client.info();
      expect(info.serverVersion).not.toBe('');
      expect(info.cpus).toBeGreaterThan(0);
    });

    describe('containers', () => containerChecks(ctx));
    describe('exec, attach, archive', () => stdioChecks(ctx));
    describe('networks, volumes, ports, events', () => networkingChecks(ctx));
    describe('images', () => imageChecks(ctx, options.lacks ?? {}));
    describe('errors', () => errorChecks(ctx));
  });
}
