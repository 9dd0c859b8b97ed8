import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeLabel, formatComposeLabels, oneoffFilter, parseComposeLabels, parseDependsOn, projectFilter, type ComposeLabels } from './labels.ts';

describe('compose labels', () => {
  it('reads the labels docker compose writes', () => {
    const parsed = parseComposeLabels({
      'com.docker.compose.project': 'app',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '2',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.project.working_dir': '/src/app',
      'com.docker.compose.project.config_files': '/src/app/compose.yaml,/src/app/compose.override.yaml',
      'com.docker.compose.depends_on': 'db:service_healthy:true,cache:service_started:false',
      'com.docker.compose.config-hash': 'abc123',
      'org.opencontainers.image.title': 'ignored',
    });
    expect(parsed).toEqual({
      project: 'app',
      service: 'web',
      containerNumber: 2,
      oneoff: false,
      workingDir: '/src/app',
      configFiles: ['/src/app/compose.yaml', '/src/app/compose.override.yaml'],
      dependsOn: [
        { service: 'db', condition: 'service_healthy', restart: true },
        { service: 'cache', condition: 'service_started', restart: false },
      ],
      configHash: 'abc123',
    });
  });

  it('writes Compose\'s formats: True/False, comma lists, sorted depends_on', () => {
    const labels = formatComposeLabels({
      project: 'app',
      oneoff: true,
      configFiles: ['a.yaml', 'b.yaml'],
      dependsOn: [
        { service: 'z', condition: 'service_started', restart: false },
        { service: 'a', condition: 'service_completed_successfully', restart: true },
      ],
    });
    expect(labels).toEqual({
      [composeLabel.project]: 'app',
      [composeLabel.oneoff]: 'True',
      [composeLabel.configFiles]: 'a.yaml,b.yaml',
      [composeLabel.dependsOn]: 'a:service_completed_successfully:true,z:service_started:false',
    });
  });

  it('format then parse gives the fields back', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}$/);
    const fields = fc.record(
      {
        project: name,
        service: name,
        containerNumber: fc.nat({ max: 1000 }),
        oneoff: fc.boolean(),
        slug: name,
        configHash: fc.stringMatching(/^[0-9a-f]{64}$/),
        configFiles: fc.array(fc.stringMatching(/^\/[a-z/.]{1,20}$/), { minLength: 1, maxLength: 3 }),
        dependsOn: fc.uniqueArray(
          fc.record({ service: name, condition: fc.constantFrom('service_started' as const, 'service_healthy' as const, 'service_completed_successfully' as const), restart: fc.boolean() }),
          { selector: (d) => d.service, minLength: 1, maxLength: 4 },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fields, (f: ComposeLabels) => {
        const back = parseComposeLabels(formatComposeLabels(f));
        expect({ ...back, dependsOn: back.dependsOn && [...back.dependsOn].sort((a, b) => (a.service < b.service ? -1 : 1)) }).toEqual({
          ...f,
          dependsOn: f.dependsOn && [...f.dependsOn].sort((a, b) => (a.service < b.service ? -1 : 1)),
        });
      }),
    );
  });

  it('accepts a v1 depends_on entry without the restart part', () => {
    expect(parseDependsOn('db:service_healthy')).toEqual([{ service: 'db', condition: 'service_healthy', restart: false }]);
  });

  it('builds Docker label filters', () => {
    expect(projectFilter('app')).toBe('com.docker.compose.project=app');
    expect(oneoffFilter(false)).toBe('com.docker.compose.oneoff=False');
  });
});
