import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../base/index.ts';
import { errorAt, relatedAt } from './diagnostic.ts';
import { isRecord, put, type Origin, type Origins } from './origins.ts';
import { resolvePath } from './paths.ts';

/** What `include:` asks the loader for: another project, loaded on its own. */
export interface IncludeRequest {
  /** Absolute paths of the included compose files (merged like -f files). */
  readonly files: readonly string[];
  /** Its project directory: relative paths in it resolve against this. */
  readonly projectDirectory: string;
  /** Its env files; undefined means the default `.env` of its project directory. */
  readonly envFiles: readonly string[] | undefined;
  /** The include entry, for diagnostics. */
  readonly origin: Origin | undefined;
  /** Files being included, outermost first, this one last. */
  readonly stack: readonly string[];
}

export interface IncludeContext {
  readonly origins: Origins;
  readonly home: string;
  /** The directory a file's relative references start from (stdin: the current directory). */
  directoryOf(file: string): string;
  /** The files that are including this one, outermost first. */
  readonly stack: readonly string[];
  /** Loads the included project (its own includes, extends and merges done); undefined if it failed (reported by the loader). */
  loadProject(request: IncludeRequest): Record<string, unknown> | undefined;
}

const RESOURCE_KINDS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;
const SINGULAR: Readonly<Record<string, string>> = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config', models: 'model' };

/**
 * Applies a file's `include:` entries: each is loaded as a project of its
 * own (own project directory, own .env under the including environment),
 * and its resources are added to this file's model. A resource defined both
 * here and in an included project must be identical; otherwise it is a
 * conflict. Files including each other in a cycle are an error.
 */
export function applyInclude(document: Record<string, unknown>, file: string, ctx: IncludeContext): { document: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries = document.include;
  if (!Array.isArray(entries)) return { document, diagnostics };
  const { origins } = ctx;
  const baseDir = ctx.directoryOf(file);
  const included: { model: Record<string, unknown>; origin: Origin | undefined }[] = [];
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || !Array.isArray(entry.path)) return;
    const origin = origins.get(entries, i);
    const files = entry.path.filter((p): p is string => typeof p === 'string').map((p) => resolvePath(p, { baseDir, home: ctx.home }));
    if (files.length === 0) return;
    const cycleAt = [...ctx.stack, file].indexOf(files[0]!);
    if (cycleAt >= 0) {
      const chain = [...ctx.stack, file].slice(cycleAt);
      diagnostics.push(
        errorAt({
          code: 'STK3008',
          message: `include cycle: ${[...chain, files[0]!].join(' -> ')}`,
          at: origin,
          part: 'value',
          hint: 'remove the include that leads back to a file that is already being included',
        }),
      );
      return;
    }
    const projectDirectory = typeof entry.project_directory === 'string' ? resolvePath(entry.project_directory, { baseDir, home: ctx.home }) : dirname(files[0]!);
    const envFiles = Array.isArray(entry.env_file) ? entry.env_file.filter((p): p is string => typeof p === 'string').map((p) => resolvePath(p, { baseDir, home: ctx.home })) : undefined;
    const model = ctx.loadProject({ files, projectDirectory, envFiles, origin, stack: [...ctx.stack, file] });
    if (model) included.push({ model, origin });
  });
  if (included.length === 0) return { document: withoutInclude(document, origins), diagnostics };

  const out = withoutInclude(document, origins);
  for (const kind of RESOURCE_KINDS) {
    const mine = isRecord(out[kind]) ? (out[kind] as Record<string, unknown>) : undefined;
    const merged: Record<string, unknown> = {};
    let touched = false;
    for (const { model, origin } of included) {
      const theirs = model[kind];
      if (!isRecord(theirs)) continue;
      for (const [name, value] of Object.entries(theirs)) {
        const existing = Object.prototype.hasOwnProperty.call(merged, name) ? merged[name] : mine && Object.prototype.hasOwnProperty.call(mine, name) ? mine[name] : undefined;
        if (existing !== undefined && !isDeepStrictEqual(existing, value)) {
          const at = mine && Object.prototype.hasOwnProperty.call(mine, name) ? origins.get(mine, name) : origin;
          diagnostics.push(
            errorAt({
              code: 'STK3012',
              message: `${SINGULAR[kind]} "${name}" is defined here and differently in an included project`,
              at,
              hint: `rename one of the two, or remove the definition that the included project already provides`,
              related: [relatedAt('the included project defines it', origins.get(theirs, name) ?? origin)],
            }),
          );
          continue;
        }
        put(merged, name, value);
        origins.copy(theirs, name, merged);
        touched = true;
      }
    }
    if (!touched) continue;
    if (mine) {
      for (const [name, value] of Object.entries(mine)) {
        put(merged, name, value);
        origins.copy(mine, name, merged);
      }
      origins.copySelf(mine, merged);
    }
    put(out, kind, merged);
  }
  return { document: out, diagnostics };
}

function withoutInclude(document: Record<string, unknown>, origins: Origins): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(document)) if (k !== 'include') put(out, k, v);
  origins.copyAll(document, out);
  return out;
}
