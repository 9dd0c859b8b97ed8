import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeOciRuntime, type ProbeVerdict } from '../../src/runtime/daemon/containers/index.ts';
import { announceSkip, hasCommand, missingRequirements } from '../helpers/requirements.ts';
import { uniqueId } from '../helpers/temp.ts';
import { forceClean } from './containers-fixture.ts';

const missing = missingRequirements({ root: true, commands: ['runc'] });
announceSkip('OCI runtime probe', missing);

/** crun 1.8 refuses cgroup v1 with a non-empty cgroup2 controller list ("hybrid"): this host's layout. */
const hybridCgroups = existsSync('/sys/fs/cgroup/unified/cgroup.controllers') && readFileSync('/sys/fs/cgroup/unified/cgroup.controllers', 'utf8').trim() !== '';

describe.skipIf(missing)('probeOciRuntime', () => {
  const root = mkdtempSync('/tmp/stkp-');
  const instanceId = uniqueId(4);
  afterAll(() => {
    const leftovers = forceClean(root, instanceId).filter((l) => !l.startsWith('cgroup parent'));
    rmSync(root, { recursive: true, force: true });
    expect(leftovers).toEqual([]);
  });

  it('runs a real container with each candidate, picks the first that works, and says why the others were refused', async () => {
    const log: string[] = [];
    const { runtime, verdicts } = await probeOciRuntime({ root, instanceId, log: (level, message, fields) => void log.push(`${level} ${message} ${JSON.stringify(fields)}`) });
    const chosen = verdicts.at(-1) as ProbeVerdict;
    expect(chosen.works).toBe(true);
    expect(runtime.info).toMatchObject({ name: chosen.name, path: chosen.path, version: chosen.version });
    expect(runtime.stateRoot).toBe(join(root, 'runc'));
    for (const refused of verdicts.slice(0, -1)) {
      expect(refused.works).toBe(false);
      expect(refused.reason).toBeTruthy();
      expect(log.some((l) => l.startsWith(`warn OCI runtime ${refused.name}`) && l.includes(refused.reason as string))).toBe(true);
    }
    if (hasCommand('crun') && hybridCgroups) {
      expect(verdicts[0]).toMatchObject({ name: 'crun', works: false, reason: expect.stringMatching(/hybrid/) });
      expect(runtime.info.name).toBe('runc');
    }
    expect(readdirSync(join(root, 'tmp'))).toEqual([]); // the probe bundles are gone
  });

  it('remembers its verdicts per binary version', async () => {
    const before = JSON.parse(readFileSync(join(root, 'oci-runtime.json'), 'utf8')) as { verdicts: Record<string, ProbeVerdict> };
    const { verdicts } = await probeOciRuntime({ root, instanceId, log: () => {} });
    for (const v of verdicts) expect(v.checkedAt).toBe(before.verdicts[v.path]?.checkedAt);
    const again = await probeOciRuntime({ root, instanceId, log: () => {}, reprobe: true });
    expect(again.verdicts.at(-1)?.checkedAt).not.toBe(verdicts.at(-1)?.checkedAt);
  });

  it('fails with a clear error when no candidate is installed', async () => {
    await expect(probeOciRuntime({ root, instanceId, log: () => {}, candidates: [] })).rejects.toMatchObject({ code: 'STK5207', errorClass: 'Unavailable' });
  });
});
