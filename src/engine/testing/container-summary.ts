import type { ContainerSummary } from '../../runtime/client/index.ts';

/** The fields a container's list entry and its inspect share. */
type ContainerBase = Omit<ContainerSummary, 'status' | 'command'>;

/** For unit tests: what every view of a container has, running busybox, with the fields a test cares about given. */
export function containerBase(fields: Pick<ContainerBase, 'id' | 'name'> & Partial<ContainerBase>): ContainerBase {
  return { image: 'busybox', imageId: 'sha256:bb', labels: {}, state: 'running', created: 0, ports: [], networks: [], mounts: [], ...fields };
}

/** For unit tests: a container's list entry (see containerBase). */
export function containerSummary(fields: Pick<ContainerSummary, 'id' | 'name'> & Partial<ContainerSummary>): ContainerSummary {
  return { ...containerBase(fields), status: '', command: '', ...fields };
}
