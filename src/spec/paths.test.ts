import { describe, expect, it } from 'vitest';
import { Origins } from './origins.ts';
import { isRemoteContext, resolveModelPaths, resolvePath } from './paths.ts';

describe('path resolution', () => {
  const ctx = { baseDir: '/p', home: '/home/u' };

  it('resolves relative paths and ~, and leaves absolute ones', () => {
    expect(resolvePath('./a/../b', ctx)).toBe('/p/b');
    expect(resolvePath('~', ctx)).toBe('/home/u');
    expect(resolvePath('~/x', ctx)).toBe('/home/u/x');
    expect(resolvePath('/abs', ctx)).toBe('/abs');
  });

  it('knows remote build contexts', () => {
    for (const remote of ['https://github.com/a/b.git#main', 'git@github.com:a/b.git', 'github.com/a/b', 'service:base', 'ssh://host/repo']) expect(isRemoteContext(remote)).toBe(true);
    for (const local of ['.', './app', '/abs', 'app']) expect(isRemoteContext(local)).toBe(false);
  });

  it('resolves every path a model holds, and only those', () => {
    const model = {
      services: {
        web: {
          build: { context: 'app', dockerfile: 'Dockerfile.dev', additional_contexts: { a: '../shared', b: 'docker-image://alpine', c: 'https://x/y.git' } },
          env_file: [{ path: '.env.web' }],
          label_file: ['labels'],
          volumes: [{ type: 'bind', source: './data', target: '/data' }, { type: 'volume', source: 'named', target: '/n' }],
          develop: { watch: [{ path: './src', action: 'sync' }] },
        },
      },
      secrets: { s: { file: 's.txt' }, e: { environment: 'E' } },
      volumes: { dev: { driver_opts: { type: 'none', o: 'bind', device: './dev' } }, nfs: { driver_opts: { device: ':/export' } } },
    };
    const out = resolveModelPaths(model, { ...ctx, origins: new Origins() });
    expect(out).toEqual({
      services: {
        web: {
          build: { context: '/p/app', dockerfile: 'Dockerfile.dev', additional_contexts: { a: '/shared', b: 'docker-image://alpine', c: 'https://x/y.git' } },
          env_file: [{ path: '/p/.env.web' }],
          label_file: ['/p/labels'],
          volumes: [{ type: 'bind', source: '/p/data', target: '/data' }, { type: 'volume', source: 'named', target: '/n' }],
          develop: { watch: [{ path: '/p/src', action: 'sync' }] },
        },
      },
      secrets: { s: { file: '/p/s.txt' }, e: { environment: 'E' } },
      volumes: { dev: { driver_opts: { type: 'none', o: 'bind', device: '/p/dev' } }, nfs: { driver_opts: { device: ':/export' } } },
    });
    expect(model.services.web.build.context).toBe('app');
  });
});
