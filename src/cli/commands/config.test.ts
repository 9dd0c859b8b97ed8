import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../../../test/helpers/temp.ts';
import { runMain as run } from '../testing/run-main.ts';

const COMPOSE = `services:
  web:
    image: nginx
    ports: ["8080:80"]
    depends_on: [api]
  api:
    build: ./api
  tool:
    image: alpine
    profiles: [backend]
  worker:
    image: busybox
    profiles: [jobs]
volumes:
  data: {}
`;

function project(text = COMPOSE) {
  const tmp = tempDir('stk-cli-');
  mkdirSync(join(tmp.path, 'app'));
  writeFileSync(join(tmp.path, 'app', 'compose.yaml'), text);
  return tmp;
}

describe('stack config', () => {
  it('prints the canonical YAML of the project', async () => {
    using tmp = project();
    const { code, out, err } = await run(['config'], join(tmp.path, 'app'));
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = parse(out);
    expect(doc.name).toBe('app');
    expect(doc.services.web.ports).toEqual([{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }]);
    expect(doc.services.api.build).toEqual({ context: join(tmp.path, 'app', 'api'), dockerfile: 'Dockerfile' });
    expect(Object.keys(doc.services)).toEqual(['api', 'web']);
    expect(Object.keys((parse((await run(['--profile', 'backend', 'config'], join(tmp.path, 'app'))).out)).services)).toEqual(['api', 'tool', 'web']);
  });

  it('prints JSON with --format json, the same model as the YAML', async () => {
    using tmp = project();
    const cwd = join(tmp.path, 'app');
    const yaml = parse((await run(['--profile', 'backend', 'config'], cwd)).out);
    const json = JSON.parse((await run(['--profile', 'backend', 'config', '--format', 'json'], cwd)).out);
    expect(json).toEqual(yaml);
  });

  it('prints lists: services, volumes, profiles, images, and hashes', async () => {
    using tmp = project();
    const cwd = join(tmp.path, 'app');
    expect((await run(['--profile', '*', 'config', '--services'], cwd)).out).toBe('api\ntool\nweb\nworker\n');
    expect((await run(['config', '--volumes'], cwd)).out).toBe('data\n');
    expect((await run(['config', '--profiles'], cwd)).out).toBe('backend\njobs\n');
    expect((await run(['--profile', 'backend', 'config', '--images'], cwd)).out).toBe('app-api\nalpine\nnginx\n');
    const hashes = (await run(['config', '--hash', '*'], cwd)).out;
    expect(hashes).toMatch(/^api [0-9a-f]{64}\nweb [0-9a-f]{64}\n$/);
    expect((await run(['config', '--hash', 'web'], cwd)).out).toBe(hashes.split('\n')[1] + '\n');
    const unknown = await run(['config', '--hash', 'nope'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('STK7003');
  });

  it('limits the output to the named services and what they depend on', async () => {
    using tmp = project();
    const { out } = await run(['config', '--services', 'web'], join(tmp.path, 'app'));
    expect(out).toBe('api\nweb\n');
  });

  it('prints nothing on stdout and the diagnostics on stderr, exit 2, for a bad file', async () => {
    using tmp = project('services:\n  web:\n    imagee: nginx\n    depends_on: [db]\n');
    const { code, out, err } = await run(['config'], join(tmp.path, 'app'));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('error STK2001');
    expect(err).toContain('--> compose.yaml:3:5');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('prints warnings and still succeeds', async () => {
    using tmp = project('version: "3"\nservices:\n  web: {image: "nginx:${TAG}"}\n');
    const { code, out, err } = await run(['config', '-q'], join(tmp.path, 'app'));
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(err).toContain('warning STK3017');
    expect(err).toContain('warning STK1011');
  });

  it('reads stdin for -f -, and writes to a file with -o', async () => {
    using tmp = project();
    const target = join(tmp.path, 'out.yaml');
    const { code } = await run(['-f', '-', '-p', 'piped', 'config', '-o', target], tmp.path, { stdin: 'services:\n  s: {image: x}\n' });
    expect(code).toBe(0);
    expect(parse(readFileSync(target, 'utf8')).name).toBe('piped');
  });

  it('keeps ${VAR} with --no-interpolate and relative paths with --no-path-resolution', async () => {
    using tmp = project('services:\n  web: {image: "nginx:${TAG}", build: ./ctx}\n');
    const doc = parse((await run(['config', '--no-interpolate', '--no-path-resolution'], join(tmp.path, 'app'))).out);
    expect(doc.services.web.image).toBe('nginx:${TAG}');
    expect(doc.services.web.build.context).toBe('./ctx');
  });
});

describe('stack validate', () => {
  it('prints nothing for a valid project', async () => {
    using tmp = project();
    expect(await run(['validate'], join(tmp.path, 'app'))).toEqual({ code: 0, out: '', err: '' });
  });

  it('exits 2 with the diagnostics for an invalid one', async () => {
    using tmp = project('services:\n  web:\n    image: x\n    networks: [nope]\n');
    const { code, out, err } = await run(['validate'], join(tmp.path, 'app'));
    expect([code, out]).toEqual([2, '']);
    expect(err).toContain('error STK3002');
  });
});
