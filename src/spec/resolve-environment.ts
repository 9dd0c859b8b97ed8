import type { Diagnostic } from '../base/index.ts';
import { errorAt } from './diagnostic.ts';
import { parseEnvFile } from './env-file.ts';
import type { ReadResult } from './host.ts';
import type { Lookup } from './interpolate.ts';
import { isRecord, put, type Origins } from './origins.ts';

export interface EnvironmentContext {
  readonly origins: Origins;
  /** The project's interpolation environment (shell over env files). */
  readonly lookup: Lookup;
  /** Reads a file and remembers its text for code frames. */
  readText(path: string): ReadResult;
}

/**
 * A service's container environment as Compose resolves it: the env_file
 * entries in order (a later file wins), then `environment` over them; an
 * entry without a value (`FOO` or `FOO:`) takes the project environment's
 * value, or stays unset. `label_file` is resolved under `labels` the same
 * way. A missing env file is an error unless it says `required: false`.
 */
export function resolveServiceEnvironment(name: string, service: Record<string, unknown>, ctx: EnvironmentContext, diagnostics: Diagnostic[]): Record<string, unknown> {
  const { origins } = ctx;
  const out: Record<string, unknown> = { ...service };
  origins.copyAll(service, out);

  const fromFiles = new Map<string, string>();
  const fileOrigins = new Map<string, ReturnType<Origins['get']>>();
  if (Array.isArray(service.env_file)) {
    service.env_file.forEach((entry, i) => {
      if (!isRecord(entry) || typeof entry.path !== 'string') return;
      const origin = origins.get(service.env_file as unknown[], i);
      const values = readEnvFile(entry.path, entry.required !== false, entry.format === 'raw', `service "${name}": env_file`, origin, ctx, diagnostics);
      for (const [k, v] of values ?? []) {
        fromFiles.set(k, v);
        fileOrigins.set(k, origin);
      }
    });
  }
  const declared = isRecord(service.environment) ? service.environment : undefined;
  if (fromFiles.size > 0 || declared) {
    const env: Record<string, unknown> = {};
    for (const [k, v] of fromFiles) {
      put(env, k, v);
      origins.set(env, k, fileOrigins.get(k));
    }
    for (const [k, v] of Object.entries(declared ?? {})) {
      put(env, k, v === null ? (ctx.lookup(k) ?? null) : v);
      origins.copy(declared!, k, env);
    }
    if (declared) origins.copySelf(declared, env);
    out.environment = env;
  }

  if (Array.isArray(service.label_file)) {
    const labels: Record<string, unknown> = {};
    service.label_file.forEach((path, i) => {
      if (typeof path !== 'string') return;
      const origin = origins.get(service.label_file as unknown[], i);
      for (const [k, v] of readEnvFile(path, true, false, `service "${name}": label_file`, origin, ctx, diagnostics) ?? []) {
        put(labels, k, v);
        origins.set(labels, k, origin);
      }
    });
    if (isRecord(service.labels)) {
      for (const [k, v] of Object.entries(service.labels)) {
        put(labels, k, v);
        origins.copy(service.labels, k, labels);
      }
      origins.copySelf(service.labels, labels);
    }
    out.labels = labels;
  }
  return out;
}

function readEnvFile(
  path: string,
  required: boolean,
  raw: boolean,
  what: string,
  origin: ReturnType<Origins['get']>,
  ctx: EnvironmentContext,
  diagnostics: Diagnostic[],
): ReadonlyMap<string, string> | undefined {
  const read = ctx.readText(path);
  if ('missing' in read) {
    if (required) {
      diagnostics.push(
        errorAt({
          code: 'STK1003',
          message: `${what} ${path} not found`,
          at: origin,
          part: 'value',
          hint: 'create the file, fix the path (relative paths start from the project directory), or mark it optional with `required: false`',
        }),
      );
    }
    return undefined;
  }
  if ('unreadable' in read) {
    diagnostics.push(errorAt({ code: 'STK1004', message: `${what} ${path} cannot be read: ${read.unreadable}`, at: origin, part: 'value', hint: 'check the permissions of the file' }));
    return undefined;
  }
  const parsed = parseEnvFile(read.text, path, { lookup: ctx.lookup, raw });
  diagnostics.push(...parsed.diagnostics);
  return parsed.values;
}
