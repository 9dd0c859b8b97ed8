import { describe, expect, it } from 'vitest';
import { dashboardKey } from './dashboard-keys.ts';
import { demoState } from './testing/dashboard-state.ts';

describe('dashboard keys', () => {
  const state = demoState();

  it('moves with arrows and j/k, pages with PgUp/PgDn', () => {
    expect(dashboardKey(state, '', { downArrow: true }, 10).intents).toEqual([{ type: 'ui.move', delta: 1 }]);
    expect(dashboardKey(state, 'k', {}, 10).intents).toEqual([{ type: 'ui.move', delta: -1 }]);
    expect(dashboardKey(state, '', { pageUp: true }, 10).intents).toEqual([{ type: 'ui.scroll', lines: -10 }]);
  });

  it('maps the view keys', () => {
    const intent = (input: string, key = {}) => dashboardKey(state, input, key, 10).intents[0]?.type;
    expect([intent('/'), intent('f'), intent('a'), intent('?'), intent('q'), intent('c', { ctrl: true }), intent('', { return: true }), intent('', { tab: true }), intent('', { escape: true })]).toEqual([
      'ui.filter.begin',
      'ui.follow',
      'ui.scope',
      'ui.help',
      'ui.quit',
      'ui.quit',
      'ui.details',
      'ui.focus',
      'ui.back',
    ]);
  });

  it('turns r, s, b and R into actions on the selected service; s starts a stopped one', () => {
    expect(dashboardKey(state, 'r', {}, 10).command).toEqual({ verb: 'restart', service: 'cache' });
    expect(dashboardKey(state, 's', {}, 10).command).toEqual({ verb: 'stop', service: 'cache' });
    expect(dashboardKey(state, 'b', {}, 10).command).toEqual({ verb: 'rebuild', service: 'cache' });
    expect(dashboardKey(state, 'R', {}, 10).command).toEqual({ verb: 'recreate', service: 'cache' });
    const worker = demoState({ type: 'ui.move', delta: 3 });
    expect(dashboardKey(worker, 's', {}, 10).command).toEqual({ verb: 'start', service: 'worker' });
  });

  it('sends typed keys to the filter while filtering, q included', () => {
    const filtering = demoState({ type: 'ui.filter.begin' }, { type: 'ui.filter.text', text: 'we' });
    expect(dashboardKey(filtering, 'q', {}, 10).intents).toEqual([{ type: 'ui.filter.text', text: 'weq' }]);
    expect(dashboardKey(filtering, '', { backspace: true }, 10).intents).toEqual([{ type: 'ui.filter.text', text: 'w' }]);
    expect(dashboardKey(filtering, '', { return: true }, 10).intents).toEqual([{ type: 'ui.filter.commit' }]);
    expect(dashboardKey(filtering, 'r', {}, 10).command).toBeUndefined();
  });

  it('does nothing for keys it does not know', () => {
    expect(dashboardKey(state, 'z', {}, 10)).toEqual({ intents: [] });
    expect(dashboardKey(state, 'x', { ctrl: true }, 10)).toEqual({ intents: [] });
  });
});
