import { describe, expect, it } from 'vitest';
import { findDefaultFiles, splitComposeFileVariable } from './discovery.ts';
import { memoryHost } from './host.ts';

describe('findDefaultFiles', () => {
  it('takes the first default name, searching parents, with the first override beside it', () => {
    const host = memoryHost({ '/a/docker-compose.yml': '', '/a/compose.override.yaml': '', '/a/docker-compose.override.yml': '' });
    expect(findDefaultFiles('/a/b/c', host)).toEqual({ files: ['/a/docker-compose.yml', '/a/compose.override.yaml'], diagnostics: [] });
  });

  it('warns when several default names exist in one directory, and uses compose.yaml first', () => {
    const found = findDefaultFiles('/a', memoryHost({ '/a/compose.yaml': '', '/a/docker-compose.yaml': '' }));
    expect(found.files).toEqual(['/a/compose.yaml']);
    expect(found.diagnostics.map((d) => [d.code, d.severity])).toEqual([['STK1012', 'warning']]);
  });

  it('reports when there is none up to the root', () => {
    expect(findDefaultFiles('/x/y', memoryHost({})).diagnostics.map((d) => d.code)).toEqual(['STK1007']);
  });
});

describe('splitComposeFileVariable', () => {
  it('splits on the separator and resolves against the base directory', () => {
    expect(splitComposeFileVariable('a.yml:/abs/b.yml::-', undefined, '/p')).toEqual(['/p/a.yml', '/abs/b.yml', '-']);
    expect(splitComposeFileVariable('a.yml;b.yml', ';', '/p')).toEqual(['/p/a.yml', '/p/b.yml']);
  });
});
