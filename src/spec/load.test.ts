import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp.ts';
import { memoryHost } from './host.ts';
import { loadProject } from './load.ts';
import { codesOf, loadMemory } from './testing/load-memory.ts';

const write = (dir: string, files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
};

describe('loadProject: files, directory, environment, name', () => {
  it('finds compose.yaml in a parent directory and adds the override beside it', () => {
    using tmp = tempDir('stk-load-');
    write(tmp.path, {
      'compose.yaml': 'services:\n  web: {image: nginx}\n',
      'compose.override.yml': 'services:\n  web: {environment: {FROM: override}}\n',
      'src/deep/.keep': '',
    });
    const result = loadProject({ env: {}, cwd: join(tmp.path, 'src', 'deep') });
    expect(codesOf(result)).toEqual([]);
    expect(result.project!.working_dir).toBe(tmp.path);
    expect(result.project!.config_files).toEqual([join(tmp.path, 'compose.yaml'), join(tmp.path, 'compose.override.yml')]);
    expect(result.project!.services.web!.environment).toEqual({ FROM: 'override' });
  });

  it('reads COMPOSE_FILE (from the shell or the .env), split on the path separator', () => {
    using tmp = tempDir('stk-load-');
    write(tmp.path, { 'a.yaml': 'services:\n  a: {image: x}\n', 'b.yaml': 'services:\n  b: {image: y}\n', '.env': 'COMPOSE_FILE=a.yaml:b.yaml\n' });
    expect(Object.keys(loadProject({ env: {}, cwd: tmp.path }).project!.services)).toEqual(['a', 'b']);
    expect(Object.keys(loadProject({ env: { COMPOSE_FILE: 'b.yaml' }, cwd: tmp.path }).project!.services)).toEqual(['b']);
  });

  it('lets the shell win over .env, and --env-file replace .env', () => {
    const files = { '/p/compose.yaml': 'services:\n  web: {image: "nginx:${TAG}"}\n', '/p/.env': 'TAG=dotenv\n', '/p/other.env': 'TAG=other\n' };
    expect(loadMemory(files).project!.services.web!.image).toBe('nginx:dotenv');
    expect(loadMemory(files, { env: { TAG: 'shell' } }).project!.services.web!.image).toBe('nginx:shell');
    expect(loadMemory(files, { envFiles: ['other.env'] }).project!.services.web!.image).toBe('nginx:other');
    expect(codesOf(loadMemory(files, { envFiles: ['gone.env'] }))).toEqual([{ code: 'STK1003' }]);
  });

  it('chooses the name from -p, COMPOSE_PROJECT_NAME, name:, then the directory, and exposes it to interpolation', () => {
    const files = { '/work/My App!/compose.yaml': 'name: from-file\nservices:\n  web: {image: "x:${COMPOSE_PROJECT_NAME}"}\n' };
    const base = { files: ['/work/My App!/compose.yaml'] };
    expect(loadMemory(files, base).project!.services.web!.image).toBe('x:from-file');
    expect(loadMemory(files, { ...base, env: { COMPOSE_PROJECT_NAME: 'from-env' } }).project!.name).toBe('from-env');
    expect(loadMemory(files, { ...base, projectName: 'from-flag' }).project!.name).toBe('from-flag');
    const noName = { '/work/My App!/compose.yaml': 'services:\n  web: {image: x}\n' };
    expect(loadMemory(noName, base).project!.name).toBe('myapp');
    expect(codesOf(loadMemory(noName, { ...base, projectName: 'Bad Name' }))).toEqual([{ code: 'STK3018' }]);
  });

  it('reads stdin for `-`, with the current directory as project directory', () => {
    const result = loadMemory({}, { files: ['-'], stdin: 'services:\n  web: {image: x, build: ./app}\n', cwd: '/here' });
    expect(codesOf(result)).toEqual([]);
    expect(result.project!.services.web!.build?.context).toBe('/here/app');
    expect(result.sources.get('-')).toContain('services');
  });

  it('warns once per unset variable, and does not interpolate with --no-interpolate', () => {
    const files = { '/p/compose.yaml': 'services:\n  a: {image: "x:${V}"}\n  b: {image: "y:${V}"}\n' };
    expect(codesOf(loadMemory(files))).toEqual([{ code: 'STK1011', line: 2, column: 14 }]);
    const raw = loadMemory(files, { interpolate: false });
    expect(raw.diagnostics).toEqual([]);
    expect(raw.project!.services.a!.image).toBe('x:${V}');
  });

  it('resolves env_file under environment, a bare entry from the project environment, and checks only the services in scope', () => {
    const files = {
      '/p/compose.yaml': 'services:\n  a:\n    image: x\n    env_file: [a.env, {path: opt.env, required: false}]\n    environment: {B: override, FROM_SHELL: null, UNSET: null}\n  b:\n    image: x\n    env_file: gone.env\n',
      '/p/a.env': 'A=1\nB=2\n',
    };
    expect(codesOf(loadMemory(files))).toEqual([{ code: 'STK1003', line: 8, column: 15 }]);
    const scoped = loadMemory(files, { services: ['a'], env: { FROM_SHELL: 'shell' } });
    expect(codesOf(scoped)).toEqual([]);
    expect(scoped.project!.services.a!.environment).toEqual({ A: '1', B: 'override', FROM_SHELL: 'shell', UNSET: null });
    expect(codesOf(loadMemory(files, { resolveEnvironment: false }))).toEqual([]);
  });

  it('keeps relative paths with --no-path-resolution', () => {
    const p = loadMemory({ '/p/compose.yaml': 'services:\n  web: {build: ./app, volumes: ["./d:/d"]}\n' }, { resolvePaths: false }).project!;
    expect(p.services.web!.build?.context).toBe('./app');
    expect(p.services.web!.volumes![0]!.source).toBe('./d');
  });

  it('reports every error of every file together, sorted, with sources for code frames', () => {
    const result = loadMemory(
      { '/p/compose.yaml': 'services:\n  web:\n    imagee: x\n', '/p/two.yaml': 'services:\n  db: [oops\n' },
      { files: ['/p/compose.yaml', '/p/two.yaml'] },
    );
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['STK2001', '/p/compose.yaml'],
      ['STK1001', '/p/two.yaml'],
    ]);
    expect([...result.sources.keys()].sort()).toEqual(['/p/compose.yaml', '/p/two.yaml']);
    expect(result.project).toBeUndefined();
  });

  it('never returns a project with an error, and returns a frozen one otherwise', () => {
    const p = loadMemory({ '/p/compose.yaml': 'services:\n  web: {image: x, ports: ["80:80"]}\n' }).project!;
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.services.web!.ports![0])).toBe(true);
  });
});

describe('loadProject: YAML', () => {
  const options = (text: string) => ({ files: ['/p/compose.yaml'], env: {}, cwd: '/p', host: memoryHost({ '/p/compose.yaml': text }) });

  it('reads any YAML, multi-line plain scalars included, and reports a duplicate key at the second one', () => {
    const folded = 'services:\n  web:\n    image: nginx\n    command: a long\n      folded command\n';
    expect(loadProject(options(folded)).project?.services.web?.command).toEqual(['a', 'long', 'folded', 'command']);
    expect(codesOf(loadProject(options('services:\n  web: {image: a, image: b}\n')))).toEqual([{ code: 'STK1002', line: 2, column: 19 }]);
  });
});
