import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { composeDocument, composeJson, composeYaml, loadProject, type Project } from '../src/spec/index.ts';
import { Origins } from '../src/spec/origins.ts';
import { parseComposeText } from '../src/spec/parse.ts';

/** The modules config-phases.ts times the loading of, and what it calls in them. */
export const readText = (file: string): string => readFileSync(file, 'utf8');
export const libraryParse = (text: string): unknown => parseAllDocuments(text, { merge: true, uniqueKeys: true, prettyErrors: false });
export const ourParse = (text: string, file: string): unknown => parseComposeText(text, resolve(file), new Origins());

export function load(file: string): Project {
  const path = resolve(file);
  const result = loadProject({ files: [path], env: process.env, cwd: dirname(path) });
  if (!result.project) throw new Error(`the bench file does not load: ${result.diagnostics.map((d) => d.code).join(', ')}`);
  return result.project;
}
export const document = (project: Project): unknown => composeDocument(project);
export const yaml = (document: unknown): string => composeYaml(document);
export const json = (document: unknown): string => composeJson(document);
