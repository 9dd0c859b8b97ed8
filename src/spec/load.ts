import { dirname, join, resolve } from 'node:path';
import { dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from '../base/index.ts';
import { bindProject } from './bind.ts';
import { errorAt } from './diagnostic.ts';
import { findDefaultFiles, missingComposeFile, splitComposeFileVariable } from './discovery.ts';
import { nodeHost } from './host.ts';
import { interpolateString } from './interpolate.ts';
import { unsetVariableWarning } from './interpolate-tree.ts';
import type { LoadOptions, LoadResult } from './load-options.ts';
import { ModelLoader, type Env } from './model-loader.ts';
import { normalizeModel } from './normalize.ts';
import { isRecord, put } from './origins.ts';
import { resolveModelPaths } from './paths.ts';
import { activeProfiles, selectServices } from './profiles.ts';
import { chooseProjectName, isNormalProjectName } from './project-name.ts';
import { resolveServiceEnvironment } from './resolve-environment.ts';
import { checkSemantics } from './semantics.ts';

/**
 * Compose files in, a Project out: the whole loading pipeline. Never throws
 * for bad input; every problem is a diagnostic, and the project is returned
 * only when there is no error among them. Synchronous: it reads files with
 * the host's synchronous reads, which cost less than promises for the
 * handful of small files a project has.
 */
export function loadProject(options: LoadOptions): LoadResult {
  const host = options.host ?? nodeHost();
  const home = options.env.HOME || host.home;
  const loader = new ModelLoader(host, { interpolate: options.interpolate !== false, home, cwd: options.cwd, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
  const finish = (project?: LoadResult['project']): LoadResult => {
    const diagnostics = sortDiagnostics(dedupeDiagnostics(loader.diagnostics));
    return { ...(project && !hasErrors(diagnostics) ? { project } : {}), diagnostics, sources: loader.sources };
  };
  const shell: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env)) if (v !== undefined) shell[k] = v;
  const fromShell = (name: string) => shell[name];

  // 1. Files and project directory (compose-go cli/options.go).
  const explicitDir = options.projectDirectory !== undefined ? resolve(options.cwd, options.projectDirectory) : undefined;
  const startDir = explicitDir ?? options.cwd;
  let files: string[];
  let earlyEnv: Record<string, string> = {};
  const explicitEnvFiles = envFileList(options, shell, options.cwd);
  if (options.files && options.files.length > 0) {
    files = options.files.map((f) => (f === '-' ? '-' : resolve(options.cwd, f)));
  } else {
    // COMPOSE_FILE may come from the .env of the starting directory.
    if (shell.COMPOSE_FILE === undefined && explicitEnvFiles === undefined && shell.COMPOSE_DISABLE_ENV_FILE !== 'true') {
      earlyEnv = loader.readEnvFiles([join(startDir, '.env')], false, fromShell);
    }
    const composeFile = shell.COMPOSE_FILE ?? earlyEnv.COMPOSE_FILE;
    if (composeFile !== undefined && composeFile !== '') {
      files = splitComposeFileVariable(composeFile, shell.COMPOSE_PATH_SEPARATOR ?? earlyEnv.COMPOSE_PATH_SEPARATOR, startDir);
    } else {
      const found = findDefaultFiles(startDir, host);
      loader.diagnostics.push(...found.diagnostics);
      files = [...found.files];
    }
  }
  for (const f of files) if (f !== '-' && !host.isFile(f)) loader.diagnostics.push(missingComposeFile(f));
  if (files.length === 0 || hasErrors(loader.diagnostics)) return finish();
  const firstFile = files.find((f) => f !== '-');
  const workingDir = explicitDir ?? (firstFile !== undefined && files[0] !== '-' ? dirname(firstFile) : options.cwd);

  // 2. The interpolation environment: the shell wins over env files.
  const envFiles = explicitEnvFiles ?? (shell.COMPOSE_DISABLE_ENV_FILE === 'true' ? [] : [join(workingDir, '.env')]);
  const fromFiles = loader.readEnvFiles(envFiles, explicitEnvFiles !== undefined, fromShell);
  const env: Record<string, string> = { ...fromFiles, ...shell };
  // A broken env file would only cascade into unset-variable warnings.
  if (hasErrors(loader.diagnostics)) return finish();

  // 3. Parse every file, then the project name (it may be interpolated, and is itself interpolated into the files).
  const parsed = files.map((f) => loader.parseFile(f));
  let nameFromFiles: string | undefined;
  for (const documents of parsed) {
    for (const doc of documents ?? []) {
      if (typeof doc.name === 'string') nameFromFiles = options.interpolate === false ? doc.name : interpolateString(doc.name, (n) => env[n]).value;
    }
  }
  const choice = chooseProjectName({ flag: options.projectName, environment: env.COMPOSE_PROJECT_NAME, fromFiles: nameFromFiles, projectDirectory: workingDir });
  if (!isNormalProjectName(choice.name)) {
    const origin = choice.source === 'file' ? lastNameOrigin(parsed, loader) : undefined;
    loader.diagnostics.push(
      errorAt({
        code: 'STK3018',
        message: `project name "${choice.name}" ${choice.source === 'directory' ? `(from the directory ${workingDir}) ` : ''}is not valid`,
        at: origin,
        part: 'value',
        hint:
          choice.source === 'directory'
            ? 'name the project with -p, COMPOSE_PROJECT_NAME or a top-level `name:`'
            : 'use lowercase letters, digits, dashes and underscores, starting with a letter or a digit',
      }),
    );
    return finish();
  }
  if (env.COMPOSE_PROJECT_NAME === undefined) env.COMPOSE_PROJECT_NAME = choice.name;
  const frozenEnv: Env = env;

  // 4. Per file: interpolate, validate, canonical form, extends, include; then merge.
  const model = loader.loadModel(files, frozenEnv, []);
  if (options.interpolate !== false) for (const [name, origin] of loader.unset) loader.diagnostics.push(unsetVariableWarning(name, origin));
  if (!model || hasErrors(loader.diagnostics)) return finish();

  // 5. After the merge: profiles, defaults, normalization, paths, environment, checks.
  const services = isRecord(model.services) ? model.services : {};
  const profiles = activeProfiles(options.profiles, env.COMPOSE_PROFILES);
  const named = options.services ?? [];
  for (const name of named) {
    if (!Object.prototype.hasOwnProperty.call(services, name)) {
      loader.diagnostics.push(errorAt({ code: 'STK3024', message: `no such service: "${name}"`, hint: `the services are: ${Object.keys(services).sort().join(', ') || '(none)'}` }));
    }
  }
  const { enabled, disabled } = selectServices(services, profiles, named);
  let current = withBuildContextDefault(model, loader);
  if (options.normalize !== false) current = normalizeModel(current, choice.name, loader.origins);
  if (options.resolvePaths !== false) current = resolveModelPaths(current, { baseDir: workingDir, home, origins: loader.origins });
  if (options.resolveEnvironment !== false) current = resolveEnvironments(current, scopeOf(current, enabled, named), frozenEnv, loader);
  if (options.consistency !== false) loader.diagnostics.push(...checkSemantics({ model: current, enabled, disabled, origins: loader.origins }));
  if (hasErrors(loader.diagnostics)) return finish();

  return finish(
    bindProject({ model: current, name: choice.name, workingDir, configFiles: files, enabled, disabled, environment: frozenEnv, profiles }),
  );
}

/** --env-file (relative to cwd), else COMPOSE_ENV_FILES; undefined means "the default .env". */
function envFileList(options: LoadOptions, shell: Env, cwd: string): string[] | undefined {
  if (options.envFiles && options.envFiles.length > 0) return options.envFiles.map((f) => resolve(cwd, f));
  if (shell.COMPOSE_ENV_FILES) return shell.COMPOSE_ENV_FILES.split(',').filter((f) => f !== '').map((f) => resolve(cwd, f));
  return undefined;
}

function lastNameOrigin(parsed: readonly (readonly Record<string, unknown>[] | undefined)[], loader: ModelLoader) {
  for (let i = parsed.length - 1; i >= 0; i--) {
    const docs = parsed[i] ?? [];
    for (let j = docs.length - 1; j >= 0; j--) if (typeof docs[j]!.name === 'string') return loader.origins.get(docs[j]!, 'name');
  }
  return undefined;
}

/** `build.context` defaults to `.` even without normalization (compose-go sets it while loading). */
function withBuildContextDefault(model: Record<string, unknown>, loader: ModelLoader): Record<string, unknown> {
  const services = model.services;
  if (!isRecord(services)) return model;
  const { origins } = loader;
  const out: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(services)) {
    if (isRecord(service) && isRecord(service.build) && service.build.context === undefined) {
      const build = { context: '.', ...service.build };
      origins.copyAll(service.build, build);
      const s = { ...service, build };
      origins.copyAll(service, s);
      put(out, name, s);
    } else put(out, name, service);
    origins.copy(services, name, out);
  }
  origins.copySelf(services, out);
  const next = { ...model, services: out };
  origins.copyAll(model, next);
  return next;
}

/** The services whose env files are read: those named (and what they depend on), else every enabled one. */
function scopeOf(model: Record<string, unknown>, enabled: readonly string[], named: readonly string[]): Set<string> {
  if (named.length === 0) return new Set(enabled);
  const services = isRecord(model.services) ? model.services : {};
  const scope = new Set<string>();
  const visit = (name: string) => {
    if (scope.has(name)) return;
    scope.add(name);
    const s = services[name];
    if (isRecord(s) && isRecord(s.depends_on)) for (const dep of Object.keys(s.depends_on)) visit(dep);
  };
  named.forEach(visit);
  return scope;
}

function resolveEnvironments(model: Record<string, unknown>, scope: ReadonlySet<string>, env: Env, loader: ModelLoader): Record<string, unknown> {
  const services = model.services;
  if (!isRecord(services)) return model;
  const { origins } = loader;
  const diagnostics: Diagnostic[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(services)) {
    const resolved = scope.has(name) && isRecord(service) ? resolveServiceEnvironment(name, service, { origins, lookup: (n) => env[n], readText: (p) => loader.readText(p) }, diagnostics) : service;
    put(out, name, resolved);
    origins.copy(services, name, out);
  }
  origins.copySelf(services, out);
  loader.diagnostics.push(...diagnostics);
  const next = { ...model, services: out };
  origins.copyAll(model, next);
  return next;
}
