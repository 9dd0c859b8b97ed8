import { describe, expect, it } from 'vitest';
import { loadMemory } from '../spec/testing/load-memory.ts';
import type { EnginePlan } from './engine-actions.ts';
import { planDown } from './plan-down.ts';
import { observation } from './testing/observation.ts';

const project = loadMemory({
  '/p/compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: [api]\n  api:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: postgres\n    volumes: [data:/data]\nvolumes: { data: {}, shared: { external: true } }\n',
}).project;

function lines(plan: EnginePlan): string[] {
  return plan.nodes.map((n) => `[${n.dependsOn.join(',')}] #${n.id} ${n.resource} ${n.action.kind}${'force' in n.action ? ' force' : ''}`);
}

const three = observation('p', [{ service: 'web' }, { service: 'api' }, { service: 'db', state: 'exited' }], { networks: [{ id: 'n1', name: 'p_default', key: 'default' }], volumes: [{ name: 'p_data', key: 'data' }, { name: 'shared' }] });

describe('planDown', () => {
  it('stops and removes dependents before what they depend on, then removes the network, keeping volumes', () => {
    expect(lines(planDown(three, project, {}))).toEqual([
      '[] #1 service:web#1 stopContainer',
      '[1] #2 service:web#1 removeContainer',
      '[1] #3 service:api#1 stopContainer',
      '[3] #4 service:api#1 removeContainer',
      '[3] #5 service:db#1 removeContainer',
      '[2,4,5] #6 network:default removeNetwork',
    ]);
  });

  it('with -v removes the named volumes of the project, never an external one', () => {
    const plan = planDown(three, project, { volumes: true });
    expect(plan.nodes.filter((n) => n.action.kind === 'removeVolume').map((n) => n.resource)).toEqual(['volume:data']);
    expect(plan.nodes.filter((n) => n.action.kind === 'removeContainer').every((n) => n.action.kind === 'removeContainer' && n.action.removeVolumes)).toBe(true);
  });

  it('with -t 0 kills and removes each running container in one call', () => {
    expect(lines(planDown(three, project, { timeoutSeconds: 0 })).slice(0, 3)).toEqual(['[] #1 service:web#1 removeContainer force', '[1] #2 service:api#1 removeContainer force', '[2] #3 service:db#1 removeContainer']);
  });

  it('leaves orphans and one-offs alone unless --remove-orphans', () => {
    const state = observation('p', [{ service: 'web' }, { service: 'gone' }, { service: 'web', name: 'p-web-run-abc', oneoff: true, number: 0 }]);
    expect(planDown(state, project, {}).nodes.map((n) => n.resource)).toEqual(['service:web#1', 'service:web#1']);
    expect(planDown(state, project, { removeOrphans: true }).decisions.map((d) => `${d.resource}: ${d.reasons.join()}`).sort()).toEqual([
      'container:p-web-run-abc: orphan',
      'service:gone#1: orphan',
      'service:web#1: down',
    ]);
  });

  it('without a file, orders by the depends_on labels of the containers', () => {
    const state = observation('p', [{ service: 'db' }, { service: 'web' }], { labels: { 'p-web-1': { 'com.docker.compose.depends_on': 'db:service_started:false' } } });
    expect(lines(planDown(state, undefined, {}))).toEqual(['[] #1 service:web#1 stopContainer', '[1] #2 service:web#1 removeContainer', '[1] #3 service:db#1 stopContainer', '[3] #4 service:db#1 removeContainer']);
  });

  it('removes only networks that carry the project label', () => {
    const state = observation('p', [], { networks: [{ id: 'n1', name: 'p_default' }, { id: 'n2', name: 'p_other' }], labels: { p_other: { 'com.docker.compose.project': 'someone-else' } } });
    expect(planDown(state, undefined, {}).nodes.map((n) => n.resource)).toEqual(['network:p_default']);
  });

  it('with --rmi local removes the images built for the project, with all every image', () => {
    const built = loadMemory({ '/p/compose.yaml': 'services:\n  web:\n    build: .\n  db:\n    image: postgres\n' }).project;
    expect(planDown(observation('p', []), built, { rmi: 'local' }).nodes.map((n) => n.resource)).toEqual(['image:p-web']);
    expect(planDown(observation('p', []), built, { rmi: 'all' }).nodes.map((n) => n.resource)).toEqual(['image:p-web', 'image:postgres']);
  });
});
