import { describe, expect, it } from 'vitest';
import { codesOf, loadMemory } from './testing/load-memory.ts';

describe('include', () => {
  it('adds the resources of an included project, its paths against its own directory', () => {
    const result = loadMemory({
      '/p/compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx\n    depends_on: [db]\n',
      '/p/db/compose.yaml': 'services:\n  db:\n    image: postgres\n    env_file: db.env\n    volumes: ["data:/var/lib/postgresql/data", "./init:/docker-entrypoint-initdb.d"]\nvolumes:\n  data: {}\n',
      '/p/db/db.env': 'POSTGRES_PASSWORD=${DB_PASSWORD}\n',
      '/p/.env': 'DB_PASSWORD=from-the-project-env\n',
    });
    expect(codesOf(result)).toEqual([]);
    const db = result.project!.services.db!;
    // As in Compose, env_file values are resolved with the environment of the project being run.
    expect(db.environment).toEqual({ POSTGRES_PASSWORD: 'from-the-project-env' });
    expect(db.volumes!.map((v) => v.source)).toEqual(['data', '/p/db/init']);
    expect(result.project!.volumes.data?.name).toBe('p_data');
  });

  it('lets the including environment win over the included project\'s .env', () => {
    const result = loadMemory(
      {
        '/p/compose.yaml': 'include: [sub/compose.yaml]\n',
        '/p/sub/compose.yaml': 'services:\n  s:\n    image: "busybox:${TAG}"\n',
        '/p/sub/.env': 'TAG=included\n',
      },
      { env: { TAG: 'shell' } },
    );
    expect(result.project!.services.s!.image).toBe('busybox:shell');
  });

  it('honours project_directory and env_file of the long form', () => {
    const result = loadMemory({
      '/p/compose.yaml': 'include:\n  - path: [parts/a.yaml, parts/b.yaml]\n    project_directory: elsewhere\n    env_file: parts/vars.env\n',
      '/p/parts/a.yaml': 'services:\n  a:\n    image: "x:${V}"\n    build: ctx\n',
      '/p/parts/b.yaml': 'services:\n  a:\n    environment: {B: "1"}\n',
      '/p/parts/vars.env': 'V=2\n',
    });
    expect(codesOf(result)).toEqual([]);
    expect(result.project!.services.a).toMatchObject({ image: 'x:2', build: { context: '/p/elsewhere/ctx' }, environment: { B: '1' } });
  });

  it('accepts an identical redefinition and rejects a different one', () => {
    const files = (db: string) => ({ '/p/compose.yaml': `include: [db.yaml]\nservices:\n  db:\n    image: ${db}\n`, '/p/db.yaml': 'services:\n  db:\n    image: postgres\n' });
    expect(codesOf(loadMemory(files('postgres')))).toEqual([]);
    expect(codesOf(loadMemory(files('mysql')))).toEqual([{ code: 'STK3012', line: 3, column: 3 }]);
  });

  it('reports a cycle through several files', () => {
    const result = loadMemory({ '/p/compose.yaml': 'include: [a.yaml]\nservices: {w: {image: x}}\n', '/p/a.yaml': 'include: [compose.yaml]\nservices: {v: {image: x}}\n' });
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['STK3008', '/p/a.yaml']]);
  });
});

describe('include from stdin', () => {
  it('resolves the included paths against the current directory', () => {
    const result = loadMemory({ '/here/parts/db.yaml': 'services:\n  db: {image: postgres, build: ./ctx}\n' }, { files: ['-'], stdin: 'include: [parts/db.yaml]\nservices:\n  web: {image: nginx}\n', cwd: '/here' });
    expect(codesOf(result)).toEqual([]);
    expect(result.project!.services.db!.build?.context).toBe('/here/parts/ctx');
  });
});
