import { describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../spec/index.ts';
import { configSnapshot, digestedFiles, networkConfigHash, serviceConfigHash, serviceHashInput, snapshotHash, volumeConfigHash } from './hash.ts';
import { projectBuilder } from './testing/project-builder.ts';

const web: Omit<ServiceConfig, 'name'> = {
  image: 'nginx',
  environment: { MODE: 'prod', LEVEL: 'info' },
  ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
  env_file: [{ path: '/srv/app/web.env' }],
};

function hashOf(config: Omit<ServiceConfig, 'name'>, digests: Record<string, string> = {}): string {
  const project = projectBuilder().service('web', config).build();
  return serviceConfigHash(project, project.services.web as ServiceConfig, digests);
}

describe('serviceConfigHash', () => {
  it('does not change when keys are given in another order', () => {
    const reordered: Omit<ServiceConfig, 'name'> = {
      env_file: [{ path: '/srv/app/web.env' }],
      ports: [{ protocol: 'tcp', published: '8080', target: 80, mode: 'ingress' }],
      environment: { LEVEL: 'info', MODE: 'prod' },
      image: 'nginx',
    };
    expect(hashOf(reordered)).toBe(hashOf(web));
  });

  it('changes when an env file is edited, though the model is the same', () => {
    expect(hashOf(web, { '/srv/app/web.env': 'sha256:one' })).not.toBe(hashOf(web, { '/srv/app/web.env': 'sha256:two' }));
  });

  it('changes when a named file appears where none was', () => {
    expect(hashOf(web, {})).not.toBe(hashOf(web, { '/srv/app/web.env': 'sha256:one' }));
  });

  it('ignores digests of files the service does not name', () => {
    expect(hashOf(web, { '/srv/app/other.env': 'sha256:x' })).toBe(hashOf(web, {}));
  });

  it('changes with any field of the model', () => {
    expect(hashOf({ ...web, environment: { MODE: 'dev', LEVEL: 'info' } })).not.toBe(hashOf(web));
    expect(hashOf({ ...web, deploy: { resources: { limits: { memory: '1g' } } } })).not.toBe(hashOf(web));
  });

  it('leaves out the fields that do not change a container (Compose\'s list)', () => {
    const variants: Omit<ServiceConfig, 'name'>[] = [
      { ...web, build: { context: '/srv/app' } },
      { ...web, pull_policy: 'always' },
      { ...web, scale: 3 },
      { ...web, deploy: { replicas: 4 } },
      { ...web, depends_on: { db: { condition: 'service_healthy', required: true } } },
      { ...web, profiles: ['debug'] },
    ];
    for (const variant of variants) expect(hashOf(variant)).toBe(hashOf(web));
  });

  it('covers the files and contents of configs and secrets, and never holds a secret value', () => {
    const make = (content: string, password: string, file: string) => {
      const project = projectBuilder()
        .service('web', { image: 'nginx', configs: [{ source: 'inline' }, { source: 'onfile' }], secrets: [{ source: 'token' }] })
        .config('inline', { content })
        .config('onfile', { file: '/srv/app/site.conf' })
        .secret('token', { environment: 'TOKEN' })
        .env('TOKEN', password)
        .build();
      const input = serviceHashInput(project, project.services.web as ServiceConfig, { '/srv/app/site.conf': file });
      return { input, hash: snapshotHash(configSnapshot(input)) };
    };
    const base = make('a', 'hunter2', 'sha256:1');
    expect(make('b', 'hunter2', 'sha256:1').hash).not.toBe(base.hash);
    expect(make('a', 'hunter3', 'sha256:1').hash).not.toBe(base.hash);
    expect(make('a', 'hunter2', 'sha256:2').hash).not.toBe(base.hash);
    expect(Object.keys(base.input.contents).sort()).toEqual(['config:inline', 'secret:token']);
    expect(base.input.files).toEqual({ '/srv/app/site.conf': 'sha256:1' });
    expect(configSnapshot(base.input)).not.toContain('hunter2');
  });

  it('is the sha256 of the snapshot, so a snapshot read back from a label can be checked', () => {
    const project = projectBuilder().service('web', web).build();
    const service = project.services.web as ServiceConfig;
    expect(snapshotHash(configSnapshot(serviceHashInput(project, service, {})))).toBe(serviceConfigHash(project, service, {}));
  });
});

describe('networkConfigHash and volumeConfigHash', () => {
  it('change with the config and ignore x- extensions', () => {
    expect(networkConfigHash({ name: 'app_front', driver_opts: { mtu: '1400' } })).not.toBe(networkConfigHash({ name: 'app_front' }));
    expect(networkConfigHash({ name: 'app_front', extensions: { 'x-note': 1 } })).toBe(networkConfigHash({ name: 'app_front' }));
    expect(volumeConfigHash({ name: 'app_data', driver: 'local' })).not.toBe(volumeConfigHash({ name: 'app_data' }));
    expect(volumeConfigHash({ name: 'app_data', extensions: { 'x-backup': true } })).toBe(volumeConfigHash({ name: 'app_data' }));
  });
});

describe('digestedFiles', () => {
  it('lists the files the hashes read, once, sorted, for the services asked', () => {
    const project = projectBuilder()
      .service('web', { image: 'nginx', env_file: [{ path: '/srv/app/web.env' }, { path: '/srv/app/common.env' }], configs: [{ source: 'site' }] })
      .service('api', { image: 'app', env_file: [{ path: '/srv/app/common.env' }], secrets: [{ source: 'key' }, { source: 'outside' }] })
      .config('site', { file: '/srv/app/site.conf' })
      .secret('key', { file: '/srv/app/key.pem' })
      .secret('outside', { external: true })
      .build();
    expect(digestedFiles(project)).toEqual(['/srv/app/common.env', '/srv/app/key.pem', '/srv/app/site.conf', '/srv/app/web.env']);
    expect(digestedFiles(project, ['api'])).toEqual(['/srv/app/common.env', '/srv/app/key.pem']);
  });
});
