import { isAbsolute, join, resolve } from 'node:path';
import { isRecord, put, type Origins } from './origins.ts';

/**
 * Relative paths made absolute against the directory they are relative to
 * (the project directory; the file's own directory for `extends: {file}`;
 * the included project's directory for `include`). `~` is the home
 * directory. Builds new containers; origins are carried over.
 */
export interface PathContext {
  readonly baseDir: string;
  readonly home: string;
  readonly origins: Origins;
}

export function resolvePath(path: string, ctx: Pick<PathContext, 'baseDir' | 'home'>): string {
  if (path === '~') return ctx.home;
  if (path.startsWith('~/')) return join(ctx.home, path.slice(2));
  return isAbsolute(path) ? path : resolve(ctx.baseDir, path);
}

/** A build context or additional context that is not a local directory (a URL, a git remote, an image, another service). */
export function isRemoteContext(value: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(value) || /^git@/.test(value) || /^github\.com\//.test(value) || /^(service|target):/.test(value);
}

function withMember(source: Record<string, unknown>, key: string, value: unknown, origins: Origins): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) put(out, k, k === key ? value : v);
  origins.copyAll(source, out);
  return out;
}

function mapItems(list: unknown, origins: Origins, fn: (item: unknown) => unknown): unknown {
  if (!Array.isArray(list)) return list;
  const out = list.map(fn);
  origins.copyAll(list, out);
  return out;
}

/** The relative paths of one service: build context, env_file, label_file, bind sources, watch paths. */
export function resolveServicePaths(service: unknown, ctx: PathContext): unknown {
  if (!isRecord(service)) return service;
  const { origins } = ctx;
  let out = service;
  const build = out.build;
  if (isRecord(build)) {
    let b = build;
    if (typeof b.context === 'string' && !isRemoteContext(b.context)) b = withMember(b, 'context', resolvePath(b.context, ctx), origins);
    if (isRecord(b.additional_contexts)) {
      const contexts: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(b.additional_contexts)) put(contexts, k, typeof v === 'string' && !isRemoteContext(v) && !v.startsWith('docker-image:') ? resolvePath(v, ctx) : v);
      origins.copyAll(b.additional_contexts, contexts);
      b = withMember(b, 'additional_contexts', contexts, origins);
    }
    out = withMember(out, 'build', b, origins);
  }
  if (Array.isArray(out.env_file)) {
    out = withMember(out, 'env_file', mapItems(out.env_file, origins, (f) => (isRecord(f) && typeof f.path === 'string' ? withMember(f, 'path', resolvePath(f.path, ctx), origins) : f)), origins);
  }
  if (Array.isArray(out.label_file)) {
    out = withMember(out, 'label_file', mapItems(out.label_file, origins, (f) => (typeof f === 'string' ? resolvePath(f, ctx) : f)), origins);
  }
  if (Array.isArray(out.volumes)) {
    out = withMember(
      out,
      'volumes',
      mapItems(out.volumes, origins, (v) => (isRecord(v) && v.type === 'bind' && typeof v.source === 'string' ? withMember(v, 'source', resolvePath(v.source, ctx), origins) : v)),
      origins,
    );
  }
  const develop = out.develop;
  if (isRecord(develop) && Array.isArray(develop.watch)) {
    const watch = mapItems(develop.watch, origins, (w) => (isRecord(w) && typeof w.path === 'string' ? withMember(w, 'path', resolvePath(w.path, ctx), origins) : w));
    out = withMember(out, 'develop', withMember(develop, 'watch', watch, origins), origins);
  }
  return out;
}

/** The relative paths of a whole model: every service, secret and config files, local bind-volume devices. */
export function resolveModelPaths(model: Record<string, unknown>, ctx: PathContext): Record<string, unknown> {
  const { origins } = ctx;
  let out = model;
  const eachEntry = (key: string, fn: (v: unknown) => unknown) => {
    const section = out[key];
    if (!isRecord(section)) return;
    const next: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(section)) put(next, name, fn(v));
    origins.copyAll(section, next);
    out = withMember(out, key, next, origins);
  };
  eachEntry('services', (s) => resolveServicePaths(s, ctx));
  const fileObject = (o: unknown) => (isRecord(o) && typeof o.file === 'string' ? withMember(o, 'file', resolvePath(o.file, ctx), origins) : o);
  eachEntry('secrets', fileObject);
  eachEntry('configs', fileObject);
  eachEntry('volumes', (v) => {
    if (!isRecord(v) || !isRecord(v.driver_opts) || (v.driver !== undefined && v.driver !== 'local')) return v;
    const opts = v.driver_opts;
    if (typeof opts.device !== 'string' || typeof opts.o !== 'string' || !opts.o.split(',').includes('bind')) return v;
    return withMember(v, 'driver_opts', withMember(opts, 'device', resolvePath(opts.device, ctx), origins), origins);
  });
  return out;
}
