import { describe, expect, it } from 'vitest';
import { activeProfiles, definedProfiles, selectServices } from './profiles.ts';
import { codesOf, loadMemory } from './testing/load-memory.ts';

const services = { web: {}, debug: { profiles: ['tools'] }, seed: { profiles: ['tools', 'init'] }, docs: { profiles: ['docs'] } };

describe('profiles', () => {
  it('takes --profile, else COMPOSE_PROFILES', () => {
    expect(activeProfiles(['b', 'a', 'a'], 'c')).toEqual(['a', 'b']);
    expect(activeProfiles([], 'c, d,')).toEqual(['c', 'd']);
    expect(activeProfiles(undefined, undefined)).toEqual([]);
  });

  it('enables services without profiles, with an active profile, all with *, and those named', () => {
    expect(selectServices(services, [])).toEqual({ enabled: ['web'], disabled: ['debug', 'docs', 'seed'] });
    expect(selectServices(services, ['init'])).toEqual({ enabled: ['seed', 'web'], disabled: ['debug', 'docs'] });
    expect(selectServices(services, ['*']).disabled).toEqual([]);
    expect(selectServices(services, [], ['docs'])).toEqual({ enabled: ['docs', 'web'], disabled: ['debug', 'seed'] });
  });

  it('lists every profile any service names', () => {
    expect(definedProfiles(services)).toEqual(['docs', 'init', 'tools']);
  });

  it('keeps disabled services out of the project but available to explain their absence', () => {
    const result = loadMemory({ '/p/compose.yaml': 'services:\n  web: {image: x}\n  debug: {image: y, profiles: [tools]}\n' });
    expect(Object.keys(result.project!.services)).toEqual(['web']);
    expect(Object.keys(result.project!.disabled_services)).toEqual(['debug']);
    const withTools = loadMemory({ '/p/compose.yaml': 'services:\n  web: {image: x}\n  debug: {image: y, profiles: [tools]}\n' }, { env: { COMPOSE_PROFILES: 'tools' } });
    expect(Object.keys(withTools.project!.services)).toEqual(['debug', 'web']);
    expect(withTools.project!.profiles).toEqual(['tools']);
  });

  it('rejects a required dependency on a disabled service, and warns for an optional one', () => {
    const files = (required: boolean) => ({ '/p/compose.yaml': `services:\n  web:\n    image: x\n    depends_on:\n      debug: {condition: service_started, required: ${required}}\n  debug: {image: y, profiles: [tools]}\n` });
    expect(codesOf(loadMemory(files(true)))).toEqual([{ code: 'STK3011', line: 5, column: 7 }]);
    const optional = loadMemory(files(false));
    expect(codesOf(optional)).toEqual([{ code: 'STK3019', line: 5, column: 7 }]);
    expect(optional.project).toBeDefined();
  });
});
