import { afterEach, describe, expect, it } from 'vitest';
import { loadInk } from './load-ink.ts';

const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('loadInk', () => {
  it('gives the Ink views and leaves the CI variables as they were', async () => {
    process.env.CI = 'true';
    delete process.env.CONTINUOUS_INTEGRATION;
    const ink = await loadInk();
    expect(typeof ink.runDashboard).toBe('function');
    expect(typeof ink.createInkProgressRenderer).toBe('function');
    expect(process.env.CI).toBe('true');
    expect('CONTINUOUS_INTEGRATION' in process.env).toBe(false);
  });
});
