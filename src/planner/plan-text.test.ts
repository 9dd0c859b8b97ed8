import { describe, expect, it } from 'vitest';
import { isEmptyPlan, type Plan } from './plan.ts';
import { planToJson, planToText } from './plan-text.ts';
import { formatPlanSummary, summarizePlan } from './summarize-plan.ts';

const plan: Plan = {
  project: 'app',
  nodes: [
    { id: 1, resource: 'network:default', action: { kind: 'createNetwork', project: 'app', key: 'default', name: 'app_default', configHash: 'h', config: { name: 'app_default' } }, dependsOn: [], cause: 'not found' },
    {
      id: 2,
      resource: 'service:web#1',
      action: { kind: 'renameContainer', container: { source: 'plan', node: 1, name: '0123456789ab_app-web-1' }, name: 'app-web-1' },
      dependsOn: [1],
      cause: 'config changed: environment.MODE',
      group: 'recreate:web#1',
    },
    { id: 3, resource: 'service:db', action: { kind: 'awaitCondition', project: 'app', service: 'db', condition: 'service_healthy', required: false, dependents: ['web'] }, dependsOn: [], cause: 'wanted by web' },
  ],
  decisions: [
    { resource: 'network:default', bucket: 'create', reasons: ['not found'] },
    { resource: 'service:web#1', bucket: 'recreate', reasons: ['config changed: environment.MODE'] },
    { resource: 'service:db#1', bucket: 'keep', reasons: ['running'] },
  ],
  diagnostics: [{ code: 'STK4004', severity: 'warning', message: 'found orphans' }],
  replan: false,
};

describe('planToText', () => {
  it('prints one line per node with its dependencies, target, cause and group, then decisions and diagnostics', () => {
    expect(planToText(plan)).toBe(
      [
        '[] -> #1 network:default createNetwork app_default "not found"',
        '[1] -> #2 service:web#1 renameContainer 0123456789ab_app-web-1(#1) -> app-web-1 "config changed: environment.MODE" [recreate:web#1]',
        '[] -> #3 service:db awaitCondition service_healthy (optional) "wanted by web"',
        '',
        'create network:default: not found',
        'recreate service:web#1: config changed: environment.MODE',
        'keep service:db#1: running',
        '',
        'warning STK4004: found orphans',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for a plan with nothing in it', () => {
    expect(planToText({ project: 'app', nodes: [], decisions: [], diagnostics: [], replan: false })).toBe('');
  });
});

describe('planToJson', () => {
  it('is canonical JSON that reads back as the same plan', () => {
    const json = planToJson(plan);
    expect(JSON.parse(json)).toEqual(plan);
    expect(json.indexOf('"decisions"')).toBeLessThan(json.indexOf('"nodes"'));
    expect(planToJson(JSON.parse(json) as Plan)).toBe(json);
  });
});

describe('summarizePlan and isEmptyPlan', () => {
  it('counts decisions per bucket and says what a plan will do', () => {
    const summary = summarizePlan(plan);
    expect(summary).toEqual({ buckets: { create: 1, recreate: 1, start: 0, restart: 0, stop: 0, keep: 1, remove: 0 }, actions: 3, errors: 0, warnings: 1 });
    expect(formatPlanSummary(summary)).toBe('1 to create, 1 to recreate, 1 unchanged');
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it('says nothing to do for a converged project', () => {
    const converged: Plan = { ...plan, nodes: [], decisions: [{ resource: 'service:web#1', bucket: 'keep', reasons: ['running'] }], diagnostics: [] };
    expect(isEmptyPlan(converged)).toBe(true);
    expect(formatPlanSummary(summarizePlan(converged))).toBe('nothing to do (1 unchanged)');
  });
});
