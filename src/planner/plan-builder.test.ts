import { describe, expect, it } from 'vitest';
import { isStackError } from '../base/index.ts';
import type { Action } from './actions.ts';
import { PlanBuilder } from './plan-builder.ts';

const pull = (ref: string): Action => ({ kind: 'pullImage', ref });

describe('PlanBuilder', () => {
  it('numbers nodes in the order they were added when their dependencies allow', () => {
    const builder = new PlanBuilder();
    const a = builder.add('image:a', pull('a'), 'not found', undefined);
    const b = builder.add('image:b', pull('b'), 'not found', undefined, [a]);
    builder.add('image:c', pull('c'), 'not found', undefined, [b, a]);
    expect(builder.finish().map((n) => [n.id, n.resource, n.dependsOn])).toEqual([
      [1, 'image:a', []],
      [2, 'image:b', [1]],
      [3, 'image:c', [1, 2]],
    ]);
  });

  it('moves a node after a dependency added later, so every dependency has a lower id', () => {
    const builder = new PlanBuilder();
    const first = builder.add('image:first', pull('first'), 'x', undefined);
    const second = builder.add('image:second', pull('second'), 'x', undefined);
    builder.dependOn(first, [second]);
    const nodes = builder.finish();
    expect(nodes.map((n) => n.resource)).toEqual(['image:second', 'image:first']);
    for (const node of nodes) for (const dep of node.dependsOn) expect(dep).toBeLessThan(node.id);
  });

  it('rewrites the node a container reference names to its final id', () => {
    const builder = new PlanBuilder();
    const later = builder.add('image:x', pull('x'), 'x', undefined);
    const create = builder.add('service:web#1', { kind: 'pullImage', ref: 'y' }, 'x', undefined);
    builder.add('service:web#1', { kind: 'startContainer', container: { source: 'plan', node: create, name: 'app-web-1' } }, 'x', 'create:web#1', [create]);
    builder.dependOn(create, [later]);
    builder.dependOn(later, []);
    const nodes = builder.finish();
    const start = nodes.find((n) => n.action.kind === 'startContainer');
    const created = nodes.find((n) => n.action.kind === 'pullImage' && n.action.ref === 'y');
    expect(start?.action).toEqual({ kind: 'startContainer', container: { source: 'plan', node: created?.id, name: 'app-web-1' } });
    expect(start?.group).toBe('create:web#1');
  });

  it('refuses a dependency cycle as an internal error: the reconcilers must never make one', () => {
    const builder = new PlanBuilder();
    const a = builder.add('image:a', pull('a'), 'x', undefined);
    const b = builder.add('image:b', pull('b'), 'x', undefined, [a]);
    builder.dependOn(a, [b]);
    let error: unknown;
    try {
      builder.finish();
    } catch (caught) {
      error = caught;
    }
    expect(isStackError(error) && error.code).toBe('STK9001');
  });
});
