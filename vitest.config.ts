import { defineConfig } from 'vitest/config';

/**
 * Three projects:
 * - unit: beside the code (src/**\/*.test.ts), no I/O beyond temp files, fast.
 * - integration: real parts (runc, conmon, iptables, a registry, dockerd), test/integration.
 * - e2e: the built `stack` binary against real runtimes, test/e2e.
 * Tests that need root or a tool the machine lacks skip with a visible reason.
 */
export default defineConfig({
  test: {
    // Generates src/spec/generated/ (the schema validator) before any test imports it; quick when nothing changed.
    globalSetup: ['scripts/build-steps.mjs'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.{ts,tsx}'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
