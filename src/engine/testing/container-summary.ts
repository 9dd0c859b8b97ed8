import type { ContainerSummary } from '../../runtime/client/index.ts';

/** For unit tests: a container's list entry, running busybox, with the fields a test cares about given. */
export function containerSummary(fields: Pick<ContainerSummary, 'id' | 'name'> & Partial<ContainerSummary>): ContainerSummary {
  return {
    image: 'busybox',
    imageId: 'sha256:bb',
    labels: {},
    state: 'running',
    created: 0,
    ports: [],
    networks: [],
    mounts: [],
    status: '',
    command: '',
    ...fields,
  };
}
