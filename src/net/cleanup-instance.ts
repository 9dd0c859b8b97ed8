import { StackError } from '../base/errors.ts';
import { compareStrings } from '../base/sort.ts';
import { listLinks, listNetns } from './host-state.ts';
import { assertInstanceId, isInstanceLink, isInstanceNetns } from './names.ts';
import { syncNat } from './nat.ts';
import { runCommand } from './run-command.ts';

export interface CleanupReport {
  readonly links: readonly string[];
  readonly netns: readonly string[];
}

/**
 * Removes every kernel object of one stackd instance, found by the instance
 * id in its name (records are not needed, so it also works after the state
 * root is gone): host veths, bridges, network namespaces, then the iptables
 * jumps and chains. Used by `stack runtime stop` and by tests' afterAll.
 * Throws when something is still there afterwards.
 */
export async function cleanupInstance(instance: string, signal?: AbortSignal): Promise<CleanupReport> {
  assertInstanceId(instance);
  const [links, namespaces] = await Promise.all([listLinks(), listNetns()]);
  const ours = [...links].filter((name) => isInstanceLink(instance, name)).sort(compareStrings);
  const netns = [...namespaces].filter((name) => isInstanceNetns(instance, name)).sort(compareStrings);
  const batch = [...ours.map((name) => `link del ${name}`), ...netns.map((name) => `netns del ${name}`)];
  if (batch.length > 0) {
    await runCommand('ip', ['-force', '-b', '-'], { what: `removing the network objects of stackd instance ${instance}`, input: `${batch.join('\n')}\n`, signal, allowFailure: true });
  }
  await syncNat(instance, [], signal);
  const [linksAfter, namespacesAfter] = await Promise.all([listLinks(), listNetns()]);
  const left = [...[...linksAfter].filter((n) => isInstanceLink(instance, n)), ...[...namespacesAfter].filter((n) => isInstanceNetns(instance, n))];
  if (left.length > 0) {
    throw new StackError({
      code: 'STK6012',
      errorClass: 'FailedPrecondition',
      message: `removing the network objects of stackd instance ${instance}: ${left.join(', ')} could not be removed`,
      hint: 'Remove them by hand (ip link del, ip netns del); a namespace held by a running process goes when the process ends.',
    });
  }
  return { links: ours, netns };
}
