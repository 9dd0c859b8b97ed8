import { describe, expect, it } from 'vitest';
import { composeDocument } from './project-document.ts';
import { composeJson, composeYaml } from './project-text.ts';
import { loadMemory } from './testing/load-memory.ts';

const project = () =>
  loadMemory({
    '/p/compose.yaml': `name: demo
x-top: 1
services:
  web:
    x-note: n
    volumes: [data:/data]
    image: nginx
    environment: {Z: "1", A: "2"}
    secrets: [{source: s, mode: 0440}]
    ulimits: {nofile: {hard: 2, soft: 1}, nproc: 5}
    labels: {on: "yes"}
  db:
    image: postgres
    profiles: [extra]
volumes:
  data:
    x-v: 1
secrets:
  s: {file: ./s.txt}
`,
  }).project!;

describe('composeDocument', () => {
  it('prints keys in Compose order, names sorted, x- extensions inline and nothing of the loader', () => {
    const doc = composeDocument(project());
    expect(Object.keys(doc)).toEqual(['name', 'services', 'networks', 'volumes', 'secrets', 'x-top']);
    const web = (doc.services as Record<string, Record<string, unknown>>).web!;
    expect(Object.keys(web)).toEqual(['environment', 'image', 'labels', 'networks', 'secrets', 'ulimits', 'volumes', 'x-note']);
    expect(Object.keys(web.environment as object)).toEqual(['A', 'Z']);
    expect(web.secrets).toEqual([{ source: 's', mode: '0440' }]);
    expect(web.ulimits).toEqual({ nofile: { soft: 1, hard: 2 }, nproc: 5 });
    expect(doc.volumes).toEqual({ data: { name: 'demo_data', 'x-v': 1 } });
    expect(doc).not.toHaveProperty('working_dir');
    expect(doc.services).not.toHaveProperty('db');
  });

  it('prints only the services asked for', () => {
    expect(Object.keys(composeDocument(project(), ['web']).services as object)).toEqual(['web']);
  });

  it('quotes strings YAML 1.1 readers would take for booleans, and prints JSON with sorted keys', () => {
    const yaml = composeYaml(composeDocument(project()));
    expect(yaml).toContain('"on": "yes"');
    expect(yaml.startsWith('name: demo\nservices:\n')).toBe(true);
    const json = composeJson(composeDocument(project()));
    expect(Object.keys(JSON.parse(json))).toEqual(['name', 'networks', 'secrets', 'services', 'volumes', 'x-top']);
    expect(json.endsWith('}\n')).toBe(true);
  });
});
