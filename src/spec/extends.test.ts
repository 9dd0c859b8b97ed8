import { describe, expect, it } from 'vitest';
import { codesOf, loadMemory } from './testing/load-memory.ts';

describe('extends', () => {
  it('merges the base service under the extending one, in chains', () => {
    const result = loadMemory({
      '/p/compose.yaml': `services:
  base:
    image: busybox
    environment: {A: "1", B: "1"}
    ports: ["80:80"]
  middle:
    extends: base
    environment: {B: "2"}
  web:
    extends: {service: middle}
    command: echo hi
    ports: ["443:443"]
`,
    });
    expect(codesOf(result)).toEqual([]);
    const web = result.project!.services.web!;
    expect(web).toMatchObject({ image: 'busybox', environment: { A: '1', B: '2' }, command: ['echo', 'hi'] });
    expect(web.ports!.map((p) => p.published)).toEqual(['80', '443']);
    expect(web.extends).toBeUndefined();
  });

  it('reads the base from another file, its relative paths against that file\'s directory', () => {
    const result = loadMemory({
      '/p/compose.yaml': 'services:\n  web:\n    extends: {file: common/base.yaml, service: app}\n    volumes: ["./local:/local"]\n',
      '/p/common/base.yaml': 'services:\n  app:\n    build: ./src\n    env_file: app.env\n    volumes: ["./shared:/shared"]\n',
      '/p/common/app.env': 'X=1\n',
    });
    expect(codesOf(result)).toEqual([]);
    const web = result.project!.services.web!;
    expect(web.build?.context).toBe('/p/common/src');
    expect(web.environment).toEqual({ X: '1' });
    expect(web.volumes!.map((v) => v.source)).toEqual(['/p/common/shared', '/p/local']);
  });

  it('lets the extending service drop an inherited value with !reset', () => {
    const result = loadMemory({ '/p/compose.yaml': 'services:\n  base:\n    image: x\n    ports: ["80:80"]\n  web:\n    extends: base\n    ports: !reset []\n' });
    expect(result.project!.services.web!.ports).toBeUndefined();
  });

  it('reports a cycle once, and a base that does not exist', () => {
    expect(codesOf(loadMemory({ '/p/compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    extends: a\n' }))).toEqual([{ code: 'STK3007', line: 7, column: 14 }]);
    expect(codesOf(loadMemory({ '/p/compose.yaml': 'services:\n  a:\n    image: x\n    extends: nope\n' }))).toEqual([{ code: 'STK3001', line: 4, column: 14 }]);
    expect(codesOf(loadMemory({ '/p/compose.yaml': 'services:\n  a:\n    image: x\n    extends: {file: gone.yaml, service: b}\n' }))).toEqual([{ code: 'STK1003', line: 4, column: 21 }]);
  });

  it('reports problems of the base file at their place in that file', () => {
    const result = loadMemory({ '/p/compose.yaml': 'services:\n  a:\n    extends: {file: base.yaml, service: b}\n', '/p/base.yaml': 'services:\n  b:\n    image: x\n    imagee: y\n' });
    expect(result.diagnostics.map((d) => [d.code, d.file, d.range?.start.line])).toEqual([['STK2001', '/p/base.yaml', 4]]);
  });
});
