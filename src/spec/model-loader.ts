import { dirname, join } from 'node:path';
import type { Diagnostic } from '../base/index.ts';
import { canonicalizeDocument } from './canonical.ts';
import { checkSchema } from './check-schema.ts';
import { errorAt, warningAt } from './diagnostic.ts';
import { parseEnvFile } from './env-file.ts';
import { applyExtends } from './extends.ts';
import type { LoadHost, ReadResult } from './host.ts';
import { applyInclude, type IncludeRequest } from './include.ts';
import { interpolateTree } from './interpolate-tree.ts';
import { mergeModels } from './merge.ts';
import { type Origin, Origins } from './origins.ts';
import { parseComposeText } from './parse.ts';
import { resolveModelPaths } from './paths.ts';

/** The interpolation environment: the shell over env files. */
export type Env = Readonly<Record<string, string>>;

/**
 * Loads compose files into one merged model, phase by phase as compose-go
 * does, per file: parse → interpolate → schema → canonical form → extends →
 * include; then the files merge in order. Collects diagnostics instead of
 * stopping, so that one load reports every problem it can see; records the
 * text of every file it reads for code frames.
 */
export class ModelLoader {
  readonly origins = new Origins();
  readonly sources = new Map<string, string>();
  readonly diagnostics: Diagnostic[] = [];
  /** Variables used but unset, with their first use. */
  readonly unset = new Map<string, Origin | undefined>();
  readonly #host: LoadHost;
  readonly #home: string;
  readonly #interpolate: boolean;
  readonly #stdin: string | undefined;
  readonly #cwd: string;
  readonly #parsed = new Map<string, readonly Record<string, unknown>[] | undefined>();
  readonly #prepared = new WeakMap<Env, Map<string, Record<string, unknown> | undefined>>();

  constructor(host: LoadHost, options: { interpolate: boolean; home: string; cwd: string; stdin?: string }) {
    this.#host = host;
    this.#cwd = options.cwd;
    this.#home = options.home;
    this.#interpolate = options.interpolate;
    this.#stdin = options.stdin;
  }

  /** The directory `~` stands for: $HOME of the given environment, else the host's. */
  get home(): string {
    return this.#home;
  }

  /** Reads a file and remembers its text under its path. */
  readText(path: string): ReadResult {
    if (path === '-') return this.#stdin === undefined ? { missing: true } : { text: this.#stdin };
    const result = this.#host.readText(path);
    if ('text' in result) this.sources.set(path, result.text);
    return result;
  }

  /** The YAML documents of a compose file, before interpolation; undefined when it cannot be read or parsed. */
  parseFile(path: string, from?: Origin): readonly Record<string, unknown>[] | undefined {
    if (this.#parsed.has(path)) return this.#parsed.get(path);
    const read = this.readText(path);
    let documents: readonly Record<string, unknown>[] | undefined;
    if ('missing' in read) {
      this.diagnostics.push(
        errorAt({
          code: 'STK1003',
          message: `compose file ${path} not found`,
          at: from,
          part: 'value',
          file: path,
          hint: from ? 'fix the path; it is relative to the directory of the file that names it' : 'check the path given with -f or in COMPOSE_FILE',
        }),
      );
    } else if ('unreadable' in read) {
      this.diagnostics.push(errorAt({ code: 'STK1004', message: `compose file ${path} cannot be read: ${read.unreadable}`, at: from, file: path, hint: 'check that the path names a readable file' }));
    } else {
      if (path === '-') this.sources.set('-', read.text);
      const parsed = parseComposeText(read.text, path, this.origins);
      this.diagnostics.push(...parsed.diagnostics);
      documents = parsed.diagnostics.some((d) => d.severity === 'error') ? undefined : parsed.documents;
    }
    this.#parsed.set(path, documents);
    return documents;
  }

  /**
   * One compose file as a canonical model: interpolated with `env`,
   * validated against the schema, short forms expanded, its documents
   * merged. Extends and include are not applied yet.
   */
  prepareFile(path: string, env: Env, from?: Origin): Record<string, unknown> | undefined {
    let cache = this.#prepared.get(env);
    if (!cache) this.#prepared.set(env, (cache = new Map()));
    if (cache.has(path)) return cache.get(path);
    cache.set(path, undefined);
    const documents = this.parseFile(path, from);
    let model: Record<string, unknown> | undefined;
    let failed = documents === undefined;
    for (const raw of documents ?? []) {
      let document = raw;
      if (this.#interpolate) {
        const result = interpolateTree(raw, (name) => env[name], this.origins);
        document = result.value;
        this.diagnostics.push(...result.diagnostics);
        for (const [name, origin] of result.unset) if (!this.unset.has(name)) this.unset.set(name, origin);
        if (result.diagnostics.length > 0) failed = true;
      }
      const schema = checkSchema(document, path, this.origins.locator(document));
      this.diagnostics.push(...schema);
      if (schema.some((d) => d.severity === 'error')) failed = true;
      if ('version' in document) {
        this.diagnostics.push(
          warningAt({
            code: 'STK3017',
            message: 'the top-level `version` is obsolete and ignored',
            at: this.origins.get(document, 'version'),
            hint: 'remove the `version:` line; Compose files are versionless since the Compose Specification',
          }),
        );
      }
      const canonical = canonicalizeDocument(document, this.origins);
      this.diagnostics.push(...canonical.diagnostics);
      if (canonical.diagnostics.length > 0) failed = true;
      model = model === undefined ? canonical.document : (mergeModels(model, canonical.document, this.origins) as Record<string, unknown>);
    }
    const result = failed ? undefined : model;
    cache.set(path, result);
    return result;
  }

  /**
   * Several compose files (-f, or an include entry) as one model: each file
   * prepared, its extends and includes applied, then merged in order.
   */
  loadModel(files: readonly string[], env: Env, stack: readonly string[]): Record<string, unknown> | undefined {
    let merged: Record<string, unknown> | undefined;
    let failed = false;
    for (const file of files) {
      let model = this.prepareFile(file, env);
      if (!model) {
        failed = true;
        continue;
      }
      const extended = applyExtends(model, file, {
        origins: this.origins,
        home: this.#home,
        directoryOf: (file) => fileDirectory(file, this.#cwd),
        loadFile: (path, from) => this.prepareFile(path, env, from),
      });
      this.diagnostics.push(...extended.diagnostics);
      model = extended.document;
      const included = applyInclude(model, file, {
        origins: this.origins,
        home: this.#home,
        directoryOf: (file) => fileDirectory(file, this.#cwd),
        stack,
        loadProject: (request) => this.loadIncluded(request, env),
      });
      this.diagnostics.push(...included.diagnostics);
      if (extended.diagnostics.length > 0 || included.diagnostics.length > 0) failed = true;
      model = included.document;
      merged = merged === undefined ? model : (mergeModels(merged, model, this.origins) as Record<string, unknown>);
    }
    return failed ? undefined : merged;
  }

  /** An included project: its own env files under the including environment, its paths resolved against its own directory. */
  private loadIncluded(request: IncludeRequest, parentEnv: Env): Record<string, unknown> | undefined {
    const envFiles = request.envFiles ?? [join(request.projectDirectory, '.env')];
    const own = this.readEnvFiles(envFiles, request.envFiles !== undefined, (name) => parentEnv[name], request.origin);
    const env: Env = { ...own, ...parentEnv };
    const model = this.loadModel(request.files, env, request.stack);
    if (!model) return undefined;
    return resolveModelPaths(model, { baseDir: request.projectDirectory, home: this.#home, origins: this.origins });
  }

  /**
   * Reads env files in order into one map (a later file wins). A missing file
   * is an error when it was named explicitly, and skipped when it was only
   * the default `.env`.
   */
  readEnvFiles(paths: readonly string[], required: boolean, lookup: (name: string) => string | undefined, from?: Origin): Record<string, string> {
    const out: Record<string, string> = {};
    for (const path of paths) {
      const read = this.readText(path);
      if ('missing' in read) {
        if (required) this.diagnostics.push(errorAt({ code: 'STK1003', message: `env file ${path} not found`, at: from, file: path, hint: 'check the path given with --env-file (relative paths start from the current directory)' }));
        continue;
      }
      if ('unreadable' in read) {
        this.diagnostics.push(errorAt({ code: 'STK1004', message: `env file ${path} cannot be read: ${read.unreadable}`, file: path, hint: 'check that the path names a readable file' }));
        continue;
      }
      const parsed = parseEnvFile(read.text, path, { lookup: (name) => lookup(name) ?? out[name] });
      this.diagnostics.push(...parsed.diagnostics);
      for (const [k, v] of parsed.values) out[k] = v;
    }
    return out;
  }
}

/** The directory a compose file's relative references start from (stdin: the current directory). */
export function fileDirectory(path: string, cwd: string): string {
  return path === '-' ? cwd : dirname(path);
}

