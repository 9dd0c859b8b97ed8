import { afterEach, describe, expect, it } from 'vitest';
import { loadInk } from './load-ink.ts';

const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION, FORCE_COLOR: process.env.FORCE_COLOR };
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

  it('asked for colour, leaves FORCE_COLOR as it was once Ink is loaded (the choice is not passed on to children)', async () => {
    delete process.env.FORCE_COLOR;
    await loadInk({ color: true });
    expect('FORCE_COLOR' in process.env).toBe(false);
    process.env.FORCE_COLOR = '0';
    await loadInk({ color: true });
    expect(process.env.FORCE_COLOR).toBe('0');
  });
});
