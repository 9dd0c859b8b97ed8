import { describe, expect, it } from 'vitest';
import { loadMemory } from '../spec/testing/load-memory.ts';
import type { EnginePlan } from './engine-actions.ts';
import { planCommand, type CommandVerb } from './plan-commands.ts';
import { observation } from './testing/observation.ts';

const project = loadMemory({
  '/p/compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: { db: { condition: service_healthy } }\n  db:\n    image: postgres\n    healthcheck: { test: ["CMD", "true"] }\n',
}).project;

function lines(plan: EnginePlan): string[] {
  return plan.nodes.map((n) => `[${n.dependsOn.join(',')}] #${n.id} ${n.resource} ${n.action.kind}`);
}

function plan(verb: CommandVerb, state: 'running' | 'exited') {
  const o = observation('p', [{ service: 'web', state }, { service: 'db', state }]);
  return planCommand('p', { verb, containers: o.state.containers, ...(project ? { project } : {}), summaries: o.containers });
}

describe('planCommand', () => {
  it('stops dependents first', () => {
    expect(lines(plan('stop', 'running'))).toEqual(['[] #1 service:web#1 stopContainer', '[1] #2 service:db#1 stopContainer']);
  });

  it("starts dependencies first and waits for a dependency's health when the file asks (compose#13780)", () => {
    expect(lines(plan('start', 'exited'))).toEqual(['[] #1 service:db#1 startContainer', '[1] #2 service:db awaitCondition', '[2] #3 service:web#1 startContainer']);
  });

  it('restarts in dependency order with the same waits', () => {
    expect(lines(plan('restart', 'running'))).toEqual(['[] #1 service:db#1 restartContainer', '[1] #2 service:db awaitCondition', '[2] #3 service:web#1 restartContainer']);
  });

  it('acts only on containers in a state the verb applies to', () => {
    expect(plan('start', 'running').nodes).toEqual([]);
    expect(plan('stop', 'exited').nodes).toEqual([]);
    expect(plan('rm', 'running').nodes).toEqual([]);
    expect(lines(plan('rm', 'exited'))).toEqual(['[] #1 service:db#1 removeContainer', '[] #2 service:web#1 removeContainer']);
  });

  it('kills with the signal asked for', () => {
    const o = observation('p', [{ service: 'web' }]);
    const p = planCommand('p', { verb: 'kill', containers: o.state.containers, summaries: o.containers, signal: 'SIGHUP' });
    expect(p.nodes[0]?.action).toMatchObject({ kind: 'killContainer', signal: 'SIGHUP' });
  });
});
