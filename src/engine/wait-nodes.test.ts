import { describe, expect, it } from 'vitest';
import { loadMemory } from '../spec/testing/load-memory.ts';
import { observation } from './testing/observation.ts';
import { waitNodes } from './wait-nodes.ts';

describe('waitNodes (up --wait)', () => {
  const project = loadMemory({
    '/p/compose.yaml': 'services:\n  web:\n    image: nginx\n    restart: always\n    depends_on: { migrate: { condition: service_completed_successfully } }\n  migrate:\n    image: nginx\n  worker:\n    image: nginx\n    restart: on-failure\n',
  }).project;

  it('waits for each replica: servers to run, one-shot jobs to run or exit 0, what others wait to complete to exit 0', () => {
    const o = observation('p', [{ service: 'web' }, { service: 'web', number: 2, name: 'p-web-2' }, { service: 'migrate', state: 'exited', exitCode: 0 }, { service: 'worker' }]);
    const nodes = waitNodes(project!, ['migrate', 'web', 'worker'], [...o.containers.values()].map((c) => ({ ...c, labels: { ...c.labels, 'com.docker.compose.container-number': c.name.slice(-1), 'com.docker.compose.oneoff': 'False' } })), 10);
    expect(nodes.map((n) => [n.id, n.resource, n.action.kind === 'awaitReady' ? `${n.action.oneShot}/${n.action.mustComplete}` : ''])).toEqual([
      [10, 'service:migrate#1', 'true/true'],
      [11, 'service:web#1', 'false/false'],
      [12, 'service:web#2', 'false/false'],
      [13, 'service:worker#1', 'true/false'],
    ]);
  });
});
