import { describe, expect, it } from 'vitest';
import { planToText, reconcile } from '../planner/index.ts';
import { expandObserved } from '../planner/testing/golden.ts';
import { projectBuilder } from '../planner/testing/project-builder.ts';

/**
 * Regression (found by the crash-safety scenario): `up` killed after the old
 * container of a recreate was removed but before its replacement was renamed
 * left only `<old id>_app-db-1`; the next pass created `app-db-2` instead of
 * `app-db-1`, since the leftover's number counted as taken.
 */
describe('a recreate interrupted between the removal and the rename', () => {
  it('removes the leftover and creates the replica under its own number again', () => {
    const project = projectBuilder().service('db', { image: 'busybox' }).build();
    const observed = expandObserved(
      { containers: [{ service: 'db', name: 'aaaaaaaaaaaa_app-db-1', config: 'current' }], networks: [{ name: 'app_default', config: 'current' }], images: { busybox: 'sha256:bb' } },
      { current: project },
    );
    const text = planToText(reconcile({ project, observed }));
    expect(text).toContain('createContainer app-db-1 ');
    expect(text).not.toContain('app-db-2');
    expect(text).toContain('removeContainer aaaaaaaaaaaa_app-db-1');
  });
});
