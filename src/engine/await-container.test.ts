import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../runtime/client/index.ts';
import { judge, type WaitGoal } from './await-container.ts';
import { containerBase } from './testing/container-summary.ts';

/** judge: whether a container meets a wait's goal, has failed it for good, or is on its way. */

function details(fields: Partial<ContainerDetails> & { hasHealthcheck?: boolean }): ContainerDetails {
  const { hasHealthcheck = false, ...rest } = fields;
  return {
    ...containerBase({ id: 'c1', name: 'p-db-1' }),
    running: true,
    paused: false,
    restarting: false,
    oomKilled: false,
    pid: 1,
    restartCount: 0,
    healthLog: [],
    failingStreak: 0,
    config: { hostname: '', user: '', env: [], cmd: undefined, entrypoint: undefined, workingDir: '', tty: false, openStdin: false, hasHealthcheck },
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    networkMode: 'default',
    raw: {},
    ...rest,
  };
}

const healthy: WaitGoal = { kind: 'healthy' };
const completed: WaitGoal = { kind: 'completed' };
const ready = (oneShot: boolean, mustComplete = false): WaitGoal => ({ kind: 'ready', oneShot, mustComplete });
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return undefined;
};

describe('judge', () => {
  it('service_healthy: healthy is done, starting waits, unhealthy fails with the last check output', () => {
    expect(judge(details({ hasHealthcheck: true, health: 'healthy' }), healthy, 'db')).toEqual({ done: true, status: 'Healthy' });
    expect(judge(details({ hasHealthcheck: true, health: 'starting', failingStreak: 2 }), healthy, 'db')).toEqual({ done: false, text: 'health: starting (2 failing checks)' });
    try {
      judge(details({ hasHealthcheck: true, health: 'unhealthy', healthLog: [{ start: 0, end: 0, exitCode: 1, output: 'no response\n' }] }), healthy, 'db');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'STK4501', resource: 'service:db', detail: 'health check exited 1: no response' });
    }
  });

  it('service_healthy on a container without a health check is an error, not a hang', () => {
    expect(codeOf(() => judge(details({}), healthy, 'db'))).toBe('STK4501');
  });

  it('service_healthy fails when the container exits', () => {
    expect(codeOf(() => judge(details({ hasHealthcheck: true, state: 'exited', exitCode: 1 }), healthy, 'db'))).toBe('STK4502');
  });

  it('service_completed_successfully: exit 0 is done, another exit fails, running waits', () => {
    expect(judge(details({ state: 'exited', exitCode: 0 }), completed, 'job')).toEqual({ done: true, status: 'Exited 0' });
    expect(codeOf(() => judge(details({ state: 'exited', exitCode: 3 }), completed, 'job'))).toBe('STK4502');
    expect(judge(details({}), completed, 'job').done).toBe(false);
  });

  it('--wait: running without a health check is ready, with one only once healthy', () => {
    expect(judge(details({}), ready(false), 'web')).toEqual({ done: true, status: 'Running' });
    expect(judge(details({ hasHealthcheck: true, health: 'starting' }), ready(false), 'web').done).toBe(false);
    expect(judge(details({ hasHealthcheck: true, health: 'healthy' }), ready(false), 'web')).toEqual({ done: true, status: 'Healthy' });
  });

  it('--wait: a one-shot job that exited 0 is ready; a server that exited is not (compose#10596)', () => {
    expect(judge(details({ state: 'exited', exitCode: 0 }), ready(true), 'init')).toEqual({ done: true, status: 'Exited 0' });
    expect(codeOf(() => judge(details({ state: 'exited', exitCode: 0 }), ready(false), 'web'))).toBe('STK4502');
    expect(codeOf(() => judge(details({ state: 'exited', exitCode: 2 }), ready(true), 'init'))).toBe('STK4502');
  });

  it('--wait on a service others wait for to complete waits for its exit', () => {
    expect(judge(details({}), ready(true, true), 'migrate').done).toBe(false);
    expect(judge(details({ state: 'exited', exitCode: 0 }), ready(true, true), 'migrate')).toEqual({ done: true, status: 'Exited 0' });
  });
});
